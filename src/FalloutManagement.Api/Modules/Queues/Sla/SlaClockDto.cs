using FalloutManagement.Api.Modules.Queues.Domain;

namespace FalloutManagement.Api.Modules.Queues.Sla;

/// <summary>
/// One SLA clock as the case shows it. <c>elapsed</c> runs from start to met, pause or now, less time paused;
/// <c>paused</c> is the working time of finished pauses; <c>remaining</c> is until due (negative once late).
/// </summary>
public sealed record SlaClockDto(SlaClockKind Kind, SlaClockState State, DateTimeOffset StartedAt, DateTimeOffset DueAt,
    DateTimeOffset AtRiskAt, TimeSpan Elapsed, TimeSpan Paused, DateTimeOffset? PausedSince, TimeSpan Remaining, DateTimeOffset? MetAt,
    DateTimeOffset? BreachedAt)
{
    public static SlaClockDto From(SlaClock k, DateTimeOffset now) => new(k.Kind, k.StateAt(now), k.StartedAt, k.DueAt, k.AtRiskAt,
        k.ElapsedAt(now), k.PausedTotal, k.PausedSince, k.RemainingAt(now), k.MetAt, k.BreachNotifiedAt);

    public static IReadOnlyList<SlaClockDto> From(IEnumerable<SlaClock> clocks, DateTimeOffset now) =>
        clocks.OrderBy(k => k.Kind).Select(k => From(k, now)).ToList();
}
