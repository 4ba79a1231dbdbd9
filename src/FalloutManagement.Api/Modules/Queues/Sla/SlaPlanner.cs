using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;

namespace FalloutManagement.Api.Modules.Queues.Sla;

/// <summary>The reference data the planner needs, loaded once per unit of work.</summary>
internal sealed record SlaReference(IReadOnlyDictionary<string, FalloutQueue> Queues, IReadOnlyList<SlaPolicy> Policies);

/// <summary>
/// Keeps a case's SLA clocks in step with the case, from its state alone (so every transition, whoever wrote
/// it, is covered): starts the clocks at intake, meets them at their milestone, pauses and resumes them while
/// the policy says a WAITING_* state pauses them, re-plans them when the case's policy changes (classification
/// of queue, severity or segment) until the case is first escalated — after that the clocks keep their plan, so
/// one breach (which raises the severity) never shortens the other clocks into a cascade of breaches — and sets the case's <see cref="FalloutCase.SlaDueAt"/> to the earliest due time still running.
/// </summary>
internal static class SlaPlanner
{
    /// <summary>What the list orders last: nothing is ticking (all clocks met or paused).</summary>
    public static readonly DateTimeOffset NothingRunning = FalloutCase.NoSlaRunning;

    private static readonly SlaClockKind[] PolicyClocks =
        [SlaClockKind.TIME_TO_CLASSIFY, SlaClockKind.TIME_TO_ASSIGN, SlaClockKind.TIME_TO_FIRST_ACTION, SlaClockKind.TIME_TO_RESOLVE];

    /// <summary>
    /// The policy for queue, severity and segment: an exact segment beats "any", an exact severity beats "any".
    /// Null when the queue has none (the built-in fallback applies).
    /// </summary>
    public static SlaPolicy? PolicyFor(IEnumerable<SlaPolicy> policies, string queue, Severity severity, string? segment) =>
        policies.Where(p => p.Active && p.Queue == queue && (p.Severity is null || p.Severity == severity)
                            && (p.CustomerSegment is null || string.Equals(p.CustomerSegment, segment, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(p => p.CustomerSegment is not null)
            .ThenByDescending(p => p.Severity is not null)
            .ThenBy(p => p.Id)
            .FirstOrDefault();

    /// <summary>Built-in durations when no policy matches (working time in the queue's calendar).</summary>
    public static TimeSpan FallbackBudget(SlaClockKind kind, Severity severity)
    {
        var resolve = severity switch
        {
            Severity.CRITICAL => TimeSpan.FromHours(4),
            Severity.HIGH => TimeSpan.FromHours(8),
            Severity.MEDIUM => TimeSpan.FromHours(24),
            _ => TimeSpan.FromHours(72),
        };
        return kind switch
        {
            SlaClockKind.TIME_TO_CLASSIFY => resolve / 16,
            SlaClockKind.TIME_TO_ASSIGN => resolve / 8,
            SlaClockKind.TIME_TO_FIRST_ACTION => resolve / 4,
            _ => resolve,
        };
    }

    /// <summary>Brings <paramref name="clocks"/> in step with the case; returns the clocks it started.</summary>
    public static IReadOnlyList<SlaClock> Sync(FalloutCase fallout, IReadOnlyList<SlaClock> clocks, SlaReference reference, DateTimeOffset now)
    {
        var calendar = reference.Queues.TryGetValue(fallout.Queue, out var queue) ? queue.Calendar() : WorkingCalendar.TwentyFourSeven;
        var policy = PolicyFor(reference.Policies, fallout.Queue, fallout.Severity, fallout.CustomerSegment);
        var started = new List<SlaClock>();
        foreach (var kind in PolicyClocks)
        {
            var budget = policy?.Budget(kind) ?? FallbackBudget(kind, fallout.Severity);
            var clock = clocks.FirstOrDefault(c => c.Kind == kind);
            if (clock is null)
            {
                started.Add(SlaClock.Start(fallout.Id, kind, fallout.CreatedAt, budget, policy?.Id, calendar, now));
            }
            else if (fallout.EscalationLevel == 0 && clock.MetAt is null && clock.BreachNotifiedAt is null
                     && (clock.PolicyId != policy?.Id || clock.Budget != budget))
            {
                clock.Plan(budget, policy?.Id, calendar);
            }
        }
        if (fallout.PromisedAt is { } promisedAt && clocks.All(c => c.Kind != SlaClockKind.CUSTOMER_PROMISE))
        {
            started.Add(SlaClock.Promise(fallout.Id, fallout.CreatedAt, promisedAt, now));
        }

        foreach (var clock in clocks.Concat(started))
        {
            if (MilestoneAt(fallout, clock.Kind, now) is { } metAt)
            {
                clock.Meet(metAt);
            }
            else if (clock.Kind != SlaClockKind.CUSTOMER_PROMISE && policy is not null && policy.Pauses(clock.Kind, fallout.Status))
            {
                clock.Pause(now);
            }
            else
            {
                clock.Resume(now, calendar);
            }
        }
        var running = clocks.Concat(started).Where(c => c.IsRunning).Select(c => c.DueAt).ToList();
        fallout.RescheduleSla(running.Count > 0 ? running.Min() : NothingRunning);
        return started;
    }

    /// <summary>When the clock's milestone happened, or null while it has not.</summary>
    public static DateTimeOffset? MilestoneAt(FalloutCase fallout, SlaClockKind kind, DateTimeOffset now)
    {
        var finished = fallout.Status.IsTerminal() || fallout.Status is CaseStatus.RESOLVED_RESUME or CaseStatus.RESOLVED_CANCEL or CaseStatus.RESOLVED_COMPENSATE;
        var endedAt = fallout.ResolvedAt ?? fallout.ClosedAt ?? now;
        return kind switch
        {
            SlaClockKind.TIME_TO_CLASSIFY => fallout.Category is not null || finished ? now : null,
            SlaClockKind.TIME_TO_ASSIGN => fallout.AssignedUser is not null || finished ? now : null,
            SlaClockKind.TIME_TO_FIRST_ACTION => fallout.FirstActionAt ?? (finished ? endedAt : null),
            _ => finished ? endedAt : null,
        };
    }
}
