using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Queues.Domain;

/// <summary>
/// One SLA clock of a case. Its budget is working time in a calendar; time paused is kept on the row
/// (<see cref="PausedTotal"/>, as working time) so re-planning under another policy never loses it:
/// due = calendar.Add(started, budget + paused). <see cref="AtRiskAt"/> (80% of the budget) and
/// <see cref="DueAt"/> are stored so the sweep finds clocks by index alone.
/// </summary>
internal sealed class SlaClock
{
    public const double AtRiskShare = 0.8;

    private SlaClock() { }

    private SlaClock(Guid id, Guid caseId, SlaClockKind kind, DateTimeOffset startedAt)
    {
        Id = id;
        CaseId = caseId;
        Kind = kind;
        StartedAt = startedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public SlaClockKind Kind { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The working time allowed, from the policy that planned the clock (or the promise).</summary>
    public TimeSpan Budget { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public DateTimeOffset AtRiskAt { get; private set; }

    /// <summary>Working time spent paused in finished pauses.</summary>
    public TimeSpan PausedTotal { get; private set; }
    public DateTimeOffset? PausedSince { get; private set; }
    public DateTimeOffset? MetAt { get; private set; }
    public SlaClockState State { get; private set; }
    public DateTimeOffset? AtRiskNotifiedAt { get; private set; }
    public DateTimeOffset? BreachNotifiedAt { get; private set; }

    /// <summary>The policy the clock was planned with; null for the customer promise or the built-in fallback.</summary>
    public Guid? PolicyId { get; private set; }

    public bool IsRunning => MetAt is null && PausedSince is null;

    public static SlaClock Start(Guid caseId, SlaClockKind kind, DateTimeOffset startedAt, TimeSpan budget, Guid? policyId,
        WorkingCalendar calendar, DateTimeOffset now)
    {
        var clock = new SlaClock(Guid.CreateVersion7(now), caseId, kind, startedAt);
        clock.Plan(budget, policyId, calendar);
        return clock;
    }

    /// <summary>The customer promise: an absolute due time, never paused.</summary>
    public static SlaClock Promise(Guid caseId, DateTimeOffset startedAt, DateTimeOffset promisedAt, DateTimeOffset now) =>
        Start(caseId, SlaClockKind.CUSTOMER_PROMISE, startedAt, promisedAt - startedAt, null, WorkingCalendar.TwentyFourSeven, now);

    /// <summary>(Re)computes due and at-risk times from a budget, keeping the time already paused.</summary>
    public void Plan(TimeSpan budget, Guid? policyId, WorkingCalendar calendar)
    {
        Budget = budget < TimeSpan.Zero ? TimeSpan.Zero : budget;
        PolicyId = policyId;
        DueAt = calendar.Add(StartedAt, Budget + PausedTotal);
        AtRiskAt = calendar.Add(StartedAt, (Budget * AtRiskShare) + PausedTotal);
        if (State is SlaClockState.ON_TRACK or SlaClockState.AT_RISK && AtRiskNotifiedAt is null)
        {
            State = SlaClockState.ON_TRACK;
        }
    }

    public void Pause(DateTimeOffset now)
    {
        if (!IsRunning)
        {
            return;
        }
        PausedSince = now;
        State = SlaClockState.PAUSED;
    }

    /// <summary>Ends a pause: its working time joins <see cref="PausedTotal"/> and the due time moves by it.</summary>
    public void Resume(DateTimeOffset now, WorkingCalendar calendar)
    {
        if (PausedSince is not { } since || MetAt is not null)
        {
            return;
        }
        PausedTotal += calendar.WorkingTimeBetween(since, now);
        PausedSince = null;
        State = BreachNotifiedAt is not null ? SlaClockState.BREACHED : AtRiskNotifiedAt is not null ? SlaClockState.AT_RISK : SlaClockState.ON_TRACK;
        Plan(Budget, PolicyId, calendar);
    }

    /// <summary>The milestone happened; a paused clock is met as of its pause.</summary>
    public void Meet(DateTimeOffset at)
    {
        if (MetAt is not null)
        {
            return;
        }
        MetAt = PausedSince is { } since && since < at ? since : at;
        PausedSince = null;
        State = SlaClockState.MET;
    }

    public void MarkAtRisk(DateTimeOffset now)
    {
        AtRiskNotifiedAt ??= now;
        if (IsRunning && BreachNotifiedAt is null)
        {
            State = SlaClockState.AT_RISK;
        }
    }

    public void MarkBreached(DateTimeOffset now)
    {
        AtRiskNotifiedAt ??= now;
        BreachNotifiedAt = now;
        State = SlaClockState.BREACHED;
    }

    /// <summary>The state as of <paramref name="now"/>, whether or not a sweep has run since.</summary>
    public SlaClockState StateAt(DateTimeOffset now) =>
        MetAt is not null ? SlaClockState.MET
        : BreachNotifiedAt is not null || (PausedSince is null && now >= DueAt) ? SlaClockState.BREACHED
        : PausedSince is not null ? SlaClockState.PAUSED
        : now >= AtRiskAt ? SlaClockState.AT_RISK
        : SlaClockState.ON_TRACK;

    /// <summary>Time the clock has run: from its start to met, pause or now, less the time paused before.</summary>
    public TimeSpan ElapsedAt(DateTimeOffset now) => (MetAt ?? PausedSince ?? now) - StartedAt - PausedTotal;

    /// <summary>Wall-clock time left until due, counted from now (or from the pause's start while paused); negative once late.</summary>
    public TimeSpan RemainingAt(DateTimeOffset now) => MetAt is not null ? TimeSpan.Zero : DueAt - (PausedSince ?? now);
}
