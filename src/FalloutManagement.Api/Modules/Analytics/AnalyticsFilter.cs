using System.Globalization;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Analytics;

/// <summary>
/// The query of every analytics call. Flow figures count the cases created in [<see cref="From"/>, <see cref="To"/>);
/// backlog figures are a snapshot of the cases open at <see cref="Now"/>. Queue and category narrow both.
/// </summary>
internal sealed record AnalyticsFilter(DateTimeOffset From, DateTimeOffset To, DateTimeOffset Now, string? Queue, string? Category, TimeSpan StuckAfter)
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);
    public static readonly TimeSpan DefaultStuckAfter = TimeSpan.FromHours(72);

    /// <summary>
    /// The instants a period may start and end within. The figures are cut into UTC days and weeks, so a bound near
    /// the ends of the calendar (0001-01-01, 9999-12-31) left no room for the default period or a day's rounding and
    /// was a 500; no case is older than the epoch or due after the year 9000.
    /// </summary>
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static AnalyticsFilter Parse(DateTimeOffset now, DateTimeOffset? from, DateTimeOffset? to, string? queue, string? category,
        int? stuckAfterHours = null)
    {
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            if (value is { } instant && (instant < Earliest || instant > Latest))
            {
                throw DomainException.Validation(name, string.Create(CultureInfo.InvariantCulture,
                    $"{name} must be between {Earliest:yyyy-MM-ddTHH:mm:ssZ} and {Latest:yyyy-MM-ddTHH:mm:ssZ}."));
            }
        }
        var end = to ?? now;
        var start = from ?? end - DefaultPeriod;
        if (start >= end)
        {
            throw DomainException.Validation("from", "from must be before to.");
        }
        if (end - start > MaxPeriod)
        {
            throw DomainException.Validation("from", $"The period may span at most {MaxPeriod.TotalDays} days.");
        }
        category = QueryEnum.Parse<FalloutCategory>("category", category)?.ToString();
        if (queue is { Length: > 100 })
        {
            throw DomainException.Validation("queue", "queue is at most 100 characters.");
        }
        if (stuckAfterHours is < 1 or > 24 * 366)
        {
            throw DomainException.Validation("stuckAfterHours", "stuckAfterHours must be between 1 and 8784.");
        }
        return new AnalyticsFilter(start.ToUniversalTime(), end.ToUniversalTime(), now, queue, category,
            stuckAfterHours is { } hours ? TimeSpan.FromHours(hours) : DefaultStuckAfter);
    }
}
