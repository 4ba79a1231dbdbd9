using System.Diagnostics;

namespace FalloutManagement.Benchmarks;

/// <summary>Exact percentiles (nearest rank) over every recorded latency, from one sorted array.</summary>
public sealed class LatencyStats
{
    private readonly long[] _sortedTicks;

    public LatencyStats(IEnumerable<long> stopwatchTicks)
    {
        _sortedTicks = [.. stopwatchTicks];
        Array.Sort(_sortedTicks);
    }

    public int Count => _sortedTicks.Length;

    public double MeanMs => Count == 0 ? 0 : ToMs((long)_sortedTicks.Average());

    public double MaxMs => Count == 0 ? 0 : ToMs(_sortedTicks[^1]);

    /// <summary>The smallest latency that at least <paramref name="percent"/>% of requests did not exceed.</summary>
    public double PercentileMs(double percent)
    {
        if (Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(percent / 100.0 * Count);
        return ToMs(_sortedTicks[Math.Clamp(rank - 1, 0, Count - 1)]);
    }

    public static double ToMs(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;
}
