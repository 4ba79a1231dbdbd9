using FalloutManagement.Api.Common;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Queues.Domain;

/// <summary>
/// Reference data of the queues module that is changed by version (If-Match) and deactivated rather than deleted; see
/// <c>ReferenceChange</c>.
/// </summary>
internal interface IVersionedReference : IReferenceData
{
    bool Active { get; set; }
    long Version { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A work queue (reference data): who works it, in which working calendar, and where breaches escalate to.</summary>
internal sealed class FalloutQueue : IVersionedReference
{
    private FalloutQueue() { }

    public FalloutQueue(string code) => Code = code;

    public string Code { get; private set; } = "";
    public string Name { get; set; } = "";
    public FalloutCategory? Category { get; set; }
    public string Skill { get; set; } = "";
    public string? EscalationQueue { get; set; }
    public AssignmentStrategy AssignmentStrategy { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public bool AlwaysOpen { get; set; }
    public TimeOnly OpensAt { get; set; } = new(8, 0);
    public TimeOnly ClosesAt { get; set; } = new(17, 0);
    public List<DayOfWeek> WorkingDays { get; set; } = [];
    public List<DateOnly> Holidays { get; set; } = [];
    public bool Active { get; set; } = true;
    public long Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }

    public WorkingCalendar Calendar() => AlwaysOpen
        ? WorkingCalendar.TwentyFourSeven
        : new WorkingCalendar(TimeZone, OpensAt, ClosesAt, WorkingDays, Holidays);
}

/// <summary>A person working a queue, with skills and how many open cases they take at once.</summary>
internal sealed class QueueMember : IVersionedReference
{
    private QueueMember() { }

    public QueueMember(string queueCode, string userId)
    {
        QueueCode = queueCode;
        UserId = userId;
    }

    public string QueueCode { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public List<string> Skills { get; set; } = [];
    public int Capacity { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>When this member last got a case automatically (round-robin order).</summary>
    public DateTimeOffset? LastAssignedAt { get; set; }
    public long Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Maps what a source reports to category, severity and queue. Rules are tried by <see cref="Priority"/> (lowest
/// first); a condition left null matches anything; the reason code is exact or a pattern with <c>%</c>.
/// </summary>
internal sealed class ClassificationRule : IVersionedReference
{
    public Guid Id { get; set; }
    public int Priority { get; set; }
    public string? SourceSystem { get; set; }
    public FalloutCategory? CategoryHint { get; set; }
    public string? ReasonCode { get; set; }
    public string? FailedStepKey { get; set; }
    public FalloutCategory Category { get; set; }
    public Severity Severity { get; set; }
    public string Queue { get; set; } = "";
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public long Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// SLA durations (working time in the queue's calendar) for a queue, severity and customer segment (null = any),
/// and which waiting states pause which clocks.
/// </summary>
internal sealed class SlaPolicy : IVersionedReference
{
    public Guid Id { get; set; }
    public string Queue { get; set; } = "";
    public Severity? Severity { get; set; }
    public string? CustomerSegment { get; set; }
    public int TimeToClassifyMinutes { get; set; }
    public int TimeToAssignMinutes { get; set; }
    public int TimeToFirstActionMinutes { get; set; }
    public int TimeToResolveMinutes { get; set; }
    public List<CaseStatus> PauseWhile { get; set; } = [];
    public List<SlaClockKind> PausedClocks { get; set; } = [];
    public bool Active { get; set; } = true;
    public long Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }

    public TimeSpan Budget(SlaClockKind kind) => TimeSpan.FromMinutes(kind switch
    {
        SlaClockKind.TIME_TO_CLASSIFY => TimeToClassifyMinutes,
        SlaClockKind.TIME_TO_ASSIGN => TimeToAssignMinutes,
        SlaClockKind.TIME_TO_FIRST_ACTION => TimeToFirstActionMinutes,
        SlaClockKind.TIME_TO_RESOLVE => TimeToResolveMinutes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The customer promise has no policy duration."),
    });

    public bool Pauses(SlaClockKind kind, CaseStatus status) => PauseWhile.Contains(status) && PausedClocks.Contains(kind);
}
