using System.Text.Json;
using System.Text.Json.Serialization;

namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>
/// A domain event the aggregate records with a change. Its properties are the event's own fields on the wire
/// (camelCase); the event mapper puts the envelope's common fields and the case's <c>status</c> around them.
/// docs/events.md shows each, and a test pins their JSON to those examples.
/// </summary>
public abstract record CaseEvent([property: JsonIgnore] string EventType);

public sealed record FalloutCaseDetected(string SourceSystem, string SourceEventId, string ReasonCode, string? FailedStepKey,
    Severity Severity, string Queue) : CaseEvent(CaseEventTypes.Detected);

public sealed record FalloutCaseClassified(FalloutCategory Category, Severity Severity, string Queue) : CaseEvent(CaseEventTypes.Classified);

/// <summary>A state change the contract names no event for: queued, started, waiting, continued, verification started or failed, cancelled.</summary>
public sealed record FalloutCaseStateChanged(CaseStatus FromStatus, CaseStatus ToStatus) : CaseEvent(CaseEventTypes.StateChanged);

public sealed record FalloutCaseAssigned(string AssignedUser, string? PreviousUser, string Queue, bool HandOver) : CaseEvent(CaseEventTypes.Assigned);

public sealed record FalloutCaseEscalated(string FromQueue, string ToQueue, Severity Severity, int EscalationLevel)
    : CaseEvent(CaseEventTypes.Escalated);

public sealed record FalloutTaskCreated(Guid TaskId, string TaskType, bool Mandatory, string? Queue, string? AssignedUser)
    : CaseEvent(CaseEventTypes.TaskCreated);

/// <summary>The owning system acts on the request carried by this event (<c>owningSystem</c>, <c>payload</c>); the service never mutates its data.</summary>
public sealed record FalloutCorrectionProposed(Guid CorrectionActionId, CorrectionType CorrectionType, RiskLevel RiskLevel, bool ApprovalRequired,
    string ProposedBy, string OwningSystem, JsonElement Payload, IReadOnlyList<EvidenceType> RequiredEvidence, string? PolicyRef,
    bool CustomerNotificationRequired, string? EscalationRule) : CaseEvent(CaseEventTypes.CorrectionProposed);

public sealed record FalloutCorrectionApproved(Guid CorrectionActionId, CorrectionType CorrectionType, RiskLevel RiskLevel, string Maker,
    string Checker, string? PolicyRef, string OwningSystem, JsonElement Payload) : CaseEvent(CaseEventTypes.CorrectionApproved);

public sealed record FalloutCorrectionRejected(Guid CorrectionActionId, CorrectionType CorrectionType, RiskLevel RiskLevel, string Maker,
    string Checker, string? PolicyRef, string OwningSystem, JsonElement Payload) : CaseEvent(CaseEventTypes.CorrectionRejected);

public sealed record FalloutCorrectionApplied(Guid CorrectionActionId, CorrectionType CorrectionType, string AppliedBy, JsonElement Result)
    : CaseEvent(CaseEventTypes.CorrectionApplied);

public sealed record FalloutEvidenceAttached(Guid EvidenceId, EvidenceType EvidenceType, bool ProvesResolution, bool CustomerVisible,
    Guid? SupersedesEvidenceId, string? Checksum) : CaseEvent(CaseEventTypes.EvidenceAttached);

public sealed record FalloutCaseResolvedForResume(ResolutionDecision Decision, ResumeMode ResumeMode, Guid EvidenceId, string ResolvedBy,
    DateTimeOffset ResolvedAt, Guid ResumeTokenId, DateTimeOffset ExpiresAt) : CaseEvent(CaseEventTypes.ResolvedForResume);

public sealed record FalloutCaseResolvedForCancellation(ResolutionDecision Decision, ResumeMode ResumeMode, Guid EvidenceId, string ResolvedBy,
    DateTimeOffset ResolvedAt) : CaseEvent(CaseEventTypes.ResolvedForCancellation);

public sealed record FalloutCaseResolvedForCompensation(ResolutionDecision Decision, ResumeMode ResumeMode, Guid EvidenceId, string ResolvedBy,
    DateTimeOffset ResolvedAt) : CaseEvent(CaseEventTypes.ResolvedForCompensation);

/// <summary>
/// Closed by the order system redeeming the resume token (<c>resumeTokenId</c>, <c>orderVersion</c>, <c>resolution</c>), or by
/// hand after a cancellation or compensation (<c>fromStatus</c>, <c>toStatus</c>); the fields of the other way are left out.
/// </summary>
public sealed record FalloutCaseClosed : CaseEvent
{
    public FalloutCaseClosed() : base(CaseEventTypes.Closed) { }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ResumeTokenId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? OrderVersion { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResolutionDecision? Resolution { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaseStatus? FromStatus { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaseStatus? ToStatus { get; init; }
}

/// <summary>Not in the contract's list: tells the order system, which cannot read cases, the token that replaced an expired one.</summary>
public sealed record FalloutResumeTokenReissued(Guid ResumeTokenId, Guid PreviousTokenId, DateTimeOffset ExpiresAt, ResumeMode ResumeMode,
    Guid EvidenceId, long? ExpectedOrderVersion) : CaseEvent(CaseEventTypes.ResumeTokenReissued);

public sealed record FalloutCaseLinkedToIncident(Guid IncidentId, CaseStatus FromStatus, CaseStatus ToStatus) : CaseEvent(CaseEventTypes.IncidentLinked);

public sealed record FalloutCaseUnlinkedFromIncident(Guid IncidentId, CaseStatus FromStatus, CaseStatus ToStatus)
    : CaseEvent(CaseEventTypes.IncidentUnlinked);

/// <summary>One per breached SLA clock, written by the sweep.</summary>
public sealed record FalloutCaseBreachedSla(string Clock, DateTimeOffset DueAt, Severity Severity, string Queue, string? AssignedUser)
    : CaseEvent(CaseEventTypes.BreachedSla);

/// <summary>Raised by the notification rules from another event of the same change, never by a person.</summary>
public sealed record CustomerNotificationRequested(string? OrderId, string? ProductOrderId, string Reason, string TemplateCode,
    IReadOnlyList<string> ChannelPreference, bool RequiresAgentFollowUp, string RuleCode, string TriggeredBy, DateTimeOffset? PromisedAt)
    : CaseEvent(CaseEventTypes.CustomerNotificationRequested);
