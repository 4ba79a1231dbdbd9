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

    public static AnalyticsFilter Parse(DateTimeOffset now, DateTimeOffset? from, DateTimeOffset? to, string? queue, string? category,
        int? stuckAfterHours = null)
    {
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
