namespace FalloutManagement.Api.Common;

/// <summary>
/// The loop every background sweep runs: one round at start, then one per interval (a round still running when the next
/// tick falls due delays it; ticks are not queued) until the host stops. A failed round is logged as an error and the
/// next one runs on time; an interval of zero or less turns the sweep off.
/// </summary>
public static class PeriodicSweep
{
    public static async Task RunAsync(int intervalSeconds, TimeProvider clock, ILogger logger, string name, Func<CancellationToken, Task> round,
        CancellationToken stoppingToken)
    {
        if (intervalSeconds <= 0)
        {
            if (intervalSeconds < 0)
            {
                // 0 is the documented way to turn a sweep off; a negative value is a mistake that turns it off as well.
                logger.LogWarning("{Sweep}: interval {Interval} s is negative, so it does not run (0 turns it off)", name, intervalSeconds);
            }
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(intervalSeconds), clock);
        do
        {
            try
            {
                await round(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Sweep} failed; it runs again at the next interval", name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
