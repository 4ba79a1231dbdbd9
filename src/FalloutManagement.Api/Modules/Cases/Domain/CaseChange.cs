namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>What a case looked like around a change; stored as the audit entry's before/after snapshot.</summary>
public sealed record CaseSnapshot(
    CaseStatus Status,
    FalloutCategory? Category,
    Severity Severity,
    string Queue,
    string? AssignedUser,
    long Version,
    CorrectionStatus? CorrectionStatus = null);

/// <summary>
/// One recorded change of the aggregate: its audit <paramref name="Action"/> and, when it has one, its domain event.
/// The unit of work turns each into an audit entry and an outbox event (the event mapper), inside the same
/// transaction as the state it describes.
/// </summary>
public sealed record CaseChange(
    string Action,
    CaseEvent? Event,
    string Actor,
    string? Reason,
    Guid? CorrectionId,
    CaseSnapshot? Before,
    CaseSnapshot After,
    DateTimeOffset At)
{
    /// <summary>The break-glass grant the actor acted under, if any (marks the audit entry).</summary>
    public Guid? BreakGlassId { get; init; }
}

/// <summary>The event names of docs/events.md, plus <c>FalloutCaseStateChanged</c> for state changes the contract names no event for.</summary>
public static class CaseEventTypes
{
    public const string Detected = "FalloutCaseDetected";
    public const string Classified = "FalloutCaseClassified";
    public const string Assigned = "FalloutCaseAssigned";
    public const string TaskCreated = "FalloutTaskCreated";
    public const string CorrectionProposed = "FalloutCorrectionProposed";
    public const string CorrectionApproved = "FalloutCorrectionApproved";
    public const string CorrectionRejected = "FalloutCorrectionRejected";
    public const string CorrectionApplied = "FalloutCorrectionApplied";
    public const string EvidenceAttached = "FalloutEvidenceAttached";
    public const string ResolvedForResume = "FalloutCaseResolvedForResume";
    public const string ResolvedForCancellation = "FalloutCaseResolvedForCancellation";
    public const string ResolvedForCompensation = "FalloutCaseResolvedForCompensation";
    public const string Closed = "FalloutCaseClosed";
    public const string BreachedSla = "FalloutCaseBreachedSla";
    public const string Escalated = "FalloutCaseEscalated";
    public const string CustomerNotificationRequested = "CustomerNotificationRequested";
    public const string StateChanged = "FalloutCaseStateChanged";

    /// <summary>Not in the contract's list: tells the order system the token that replaced an expired one.</summary>
    public const string ResumeTokenReissued = "FalloutResumeTokenReissued";
    public const string IncidentLinked = "FalloutCaseLinkedToIncident";
    public const string IncidentUnlinked = "FalloutCaseUnlinkedFromIncident";
    public const string CorrectionExecutionRequested = "FalloutCorrectionExecutionRequested";
    public const string CorrectionExecutionFailed = "FalloutCorrectionExecutionFailed";
    public const string CorrectionExecutionTimedOut = "FalloutCorrectionExecutionTimedOut";

    /// <summary>Not in the contract's list: an executor's result that came after its deadline, recorded without moving the case.</summary>
    public const string CorrectionExecutionResultLate = "FalloutCorrectionExecutionResultLate";
    public const string ExternalUpdateReceived = "FalloutCaseExternalUpdateReceived";
    public const string WaitExpired = "FalloutCaseWaitExpired";
    public const string ResumeTokenExpired = "FalloutResumeTokenExpired";
    public const string ReservationHeld = "FalloutResourceReservationHeld";
    public const string ReservationExpired = "FalloutResourceReservationExpired";
    public const string ServiceSuspendRequested = "FalloutServiceSuspendRequested";
}
