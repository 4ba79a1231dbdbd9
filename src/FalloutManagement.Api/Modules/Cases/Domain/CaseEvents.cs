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

/// <summary>
/// A correction was proposed. It carries no executable payload, only its SHA-256 (<c>payloadDigest</c>): the payload leaves
/// the service only with <see cref="FalloutCorrectionExecutionRequested"/>, once the policy is satisfied.
/// </summary>
public sealed record FalloutCorrectionProposed(Guid CorrectionActionId, CorrectionType Type, RiskLevel RiskLevel, string Reason,
    string PayloadDigest, bool ApprovalRequired, string ProposedBy, string? Executor, IReadOnlyList<EvidenceType> RequiredEvidence,
    string? PolicyRef, bool CustomerNotificationRequired, string? EscalationRule) : CaseEvent(CaseEventTypes.CorrectionProposed);

public sealed record FalloutCorrectionApproved(Guid CorrectionActionId, CorrectionType CorrectionType, RiskLevel RiskLevel, string Maker,
    string Checker, string? PolicyRef, string? Executor) : CaseEvent(CaseEventTypes.CorrectionApproved);

public sealed record FalloutCorrectionRejected(Guid CorrectionActionId, CorrectionType CorrectionType, RiskLevel RiskLevel, string Maker,
    string Checker, string? PolicyRef, string? Executor) : CaseEvent(CaseEventTypes.CorrectionRejected);

/// <summary>
/// The one command to the executor (approved where required, required evidence present, approval not outdated): the
/// only event carrying the executable payload. The executor answers with an execution result naming <c>commandId</c>
/// before <c>deadline</c>.
/// </summary>
public sealed record FalloutCorrectionExecutionRequested(Guid CommandId, Guid CorrectionActionId, long CaseVersion, CorrectionType Type,
    JsonElement Payload, string Executor, string? ApprovedBy, IReadOnlyList<Guid> EvidenceIds, DateTimeOffset Deadline)
    : CaseEvent(CaseEventTypes.CorrectionExecutionRequested);

/// <summary>The executor reported FAILED or REJECTED: the case is back with its operator (IN_PROGRESS).</summary>
public sealed record FalloutCorrectionExecutionFailed(Guid CommandId, Guid CorrectionActionId, CorrectionType Type, string Executor,
    ExecutionOutcome Outcome, string Detail, string? ExternalRef) : CaseEvent(CaseEventTypes.CorrectionExecutionFailed);

/// <summary>No result by the deadline: the sweep times the execution out, returns the case to IN_PROGRESS and escalates it.</summary>
public sealed record FalloutCorrectionExecutionTimedOut(Guid CommandId, Guid CorrectionActionId, CorrectionType Type, string Executor,
    DateTimeOffset Deadline) : CaseEvent(CaseEventTypes.CorrectionExecutionTimedOut);

/// <summary>A result that came after the execution timed out: recorded, the case does not move.</summary>
public sealed record FalloutCorrectionExecutionResultLate(Guid CommandId, Guid CorrectionActionId, string Executor, ExecutionOutcome Outcome,
    string Detail, string? ExternalRef) : CaseEvent(CaseEventTypes.CorrectionExecutionResultLate);

public sealed record FalloutCorrectionApplied(Guid CorrectionActionId, CorrectionType CorrectionType, string AppliedBy, JsonElement Result)
    : CaseEvent(CaseEventTypes.CorrectionApplied);

public sealed record FalloutEvidenceAttached(Guid EvidenceId, EvidenceType EvidenceType, bool ProvesResolution, bool CustomerVisible,
    Guid? SupersedesEvidenceId, string? Checksum) : CaseEvent(CaseEventTypes.EvidenceAttached);

public sealed record FalloutCaseResolvedForResume(ResolutionDecision Decision, ResumeMode ResumeMode, Guid EvidenceId, string ResolvedBy,
    DateTimeOffset ResolvedAt, Guid ResumeTokenId, DateTimeOffset ExpiresAt) : CaseEvent(CaseEventTypes.ResolvedForResume);

/// <summary>Carries the decision token order management redeems to confirm the cancellation (mode <c>CANCEL_ITEM</c>).</summary>
public sealed record FalloutCaseResolvedForCancellation(ResolutionDecision Decision, ResumeMode ResumeMode, Guid EvidenceId, string ResolvedBy,
    DateTimeOffset ResolvedAt, Guid ResumeTokenId, DateTimeOffset ExpiresAt) : CaseEvent(CaseEventTypes.ResolvedForCancellation);

/// <summary>Carries the decision token order management redeems to confirm the compensation (mode <c>COMPENSATE_AND_CLOSE</c>).</summary>
public sealed record FalloutCaseResolvedForCompensation(ResolutionDecision Decision, ResumeMode ResumeMode, Guid EvidenceId, string ResolvedBy,
    DateTimeOffset ResolvedAt, Guid ResumeTokenId, DateTimeOffset ExpiresAt) : CaseEvent(CaseEventTypes.ResolvedForCompensation);

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

/// <summary>A partner, the field workforce or an executor ended the wait on it (<c>party</c>); the case is back IN_PROGRESS.</summary>
public sealed record FalloutCaseExternalUpdateReceived(Guid UpdateId, string Party, string ParticipantRole, WaitingFor WaitingFor,
    ExternalOutcome Outcome, string Detail, Guid? EvidenceId, int FailedAppointments, CaseStatus FromStatus, CaseStatus ToStatus)
    : CaseEvent(CaseEventTypes.ExternalUpdateReceived);

/// <summary>The wait passed its <c>waitingUntil</c> with no answer: the sweep returned the case to IN_PROGRESS.</summary>
public sealed record FalloutCaseWaitExpired(WaitingFor WaitingFor, string? Party, DateTimeOffset WaitingUntil, CaseStatus FromStatus,
    CaseStatus ToStatus) : CaseEvent(CaseEventTypes.WaitExpired);

/// <summary>A decision token (any mode) expired unused: the case went to its queue's escalation (supervisor) queue for a re-issue.</summary>
public sealed record FalloutResumeTokenExpired(Guid ResumeTokenId, ResumeMode ResumeMode, DateTimeOffset ExpiresAt, string FromQueue, string ToQueue)
    : CaseEvent(CaseEventTypes.ResumeTokenExpired);

/// <summary>A resource is held for the case until <c>expiresAt</c>.</summary>
public sealed record FalloutResourceReservationHeld(Guid ReservationId, string ResourceId, string Kind, DateTimeOffset ExpiresAt,
    ReservationExpiryAction OnExpiry) : CaseEvent(CaseEventTypes.ReservationHeld);

/// <summary>The reservation's TTL passed: the inventory is asked to <c>action</c> (RELEASE or QUARANTINE) the resource.</summary>
public sealed record FalloutResourceReservationExpired(Guid ReservationId, string ResourceId, string Kind, DateTimeOffset ExpiresAt,
    ReservationExpiryAction Action) : CaseEvent(CaseEventTypes.ReservationExpired);
