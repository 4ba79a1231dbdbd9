using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>
/// One SLA clock as the case shows it. <c>elapsed</c> runs from start to met, pause or now, less time paused;
/// <c>paused</c> is the working time of finished pauses; <c>remaining</c> is until due (negative once late).
/// </summary>
public sealed record SlaClockDto(SlaClockKind Kind, SlaClockState State, DateTimeOffset StartedAt, DateTimeOffset DueAt,
    DateTimeOffset AtRiskAt, TimeSpan Elapsed, TimeSpan Paused, DateTimeOffset? PausedSince, TimeSpan Remaining, DateTimeOffset? MetAt,
    DateTimeOffset? BreachedAt);
