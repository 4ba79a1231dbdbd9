namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>
/// Lets parallel tasks race: each one prepares, then awaits <see cref="WaitAsync"/>; the last to arrive opens the
/// gate and all go on at once. Unlike a <see cref="Barrier"/> no thread blocks while waiting, and the continuations
/// run asynchronously on the thread pool, so the requests really run in parallel.
/// </summary>
public sealed class StartGate(int parties)
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task WaitAsync()
    {
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            _open.TrySetResult();
        }
        // A test whose tasks never all arrive fails instead of hanging the run.
        return _open.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }
}
