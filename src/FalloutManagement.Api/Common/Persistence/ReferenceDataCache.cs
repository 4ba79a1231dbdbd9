using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>Configuration section <c>ReferenceData</c>.</summary>
public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    /// <summary>
    /// How long an instance may answer from its copy of the reference data. A change made through this instance is
    /// seen at once; one made through another instance (or by hand in the database) within this many seconds.
    /// 0 reads the database every time.
    /// </summary>
    public int CacheSeconds { get; set; } = 5;
}

/// <summary>
/// A short-lived, per-instance copy of reference data, so the intake's hot path does not re-read the same queues,
/// classification rules, SLA and notification policies on every request. Values are shared between requests and
/// must not be changed by their readers (load them with AsNoTracking into lists that nobody mutates).
/// </summary>
public sealed class ReferenceDataCache(IOptions<ReferenceDataOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken ct) where T : class
    {
        var seconds = options.Value.CacheSeconds;
        if (seconds <= 0)
        {
            return await load(ct);
        }
        var generation = Interlocked.Read(ref _generation);
        var now = Environment.TickCount64;
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation && entry.ExpiresAt > now)
        {
            return (T)entry.Value;
        }
        var value = await load(ct);
        // A load that raced with a change is stored under the old generation, so it is never served.
        _entries[key] = new Entry(value, generation, now + (seconds * 1000L));
        return value;
    }

    /// <summary>Forgets everything: called after a save that changed reference data.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed record Entry(object Value, long Generation, long ExpiresAt);
}
