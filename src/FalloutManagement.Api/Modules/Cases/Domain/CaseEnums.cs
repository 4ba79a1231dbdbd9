namespace FalloutManagement.Api.Modules.Cases.Domain;

// Member names are the contract's wire strings (docs/lifecycle.md); they are stored as strings too.
public enum CaseStatus
{
    DETECTED,
    CLASSIFIED,
    QUEUED,
    ASSIGNED,
    IN_PROGRESS,
    WAITING_CUSTOMER,
    WAITING_PARTNER,
    WAITING_FIELD,
    WAITING_VENDOR,
    WAITING_INCIDENT,
    CORRECTION_PROPOSED,
    APPROVAL_REQUIRED,
    CORRECTION_APPLIED,
    VERIFYING,
    RESOLVED_RESUME,
    RESOLVED_CANCEL,
    RESOLVED_COMPENSATE,
    CLOSED,
    CANCELLED,
}

public enum FalloutCategory { DATA, RESOURCE, ACTIVATION, FIELD, PARTNER, BILLING, COMPLIANCE }

public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }

public enum WaitingFor { CUSTOMER, PARTNER, FIELD, VENDOR, INCIDENT }

public enum ResolutionDecision { RESUME, CANCEL, COMPENSATE }

public enum ResumeMode { RETRY_FAILED_STEP, SKIP_STEP_ALREADY_DONE, REPLAN_FROM_STEP, CANCEL_ITEM, COMPENSATE_AND_CLOSE }

public enum CaseTaskStatus { OPEN, DONE }

public static class CaseStatusExtensions
{
    public static bool IsTerminal(this CaseStatus status) => status is CaseStatus.CLOSED or CaseStatus.CANCELLED;

    public static bool IsWaiting(this CaseStatus status) => status is CaseStatus.WAITING_CUSTOMER or
        CaseStatus.WAITING_PARTNER or CaseStatus.WAITING_FIELD or CaseStatus.WAITING_VENDOR or CaseStatus.WAITING_INCIDENT;

    public static CaseStatus ToStatus(this WaitingFor waitingFor) => waitingFor switch
    {
        WaitingFor.CUSTOMER => CaseStatus.WAITING_CUSTOMER,
        WaitingFor.PARTNER => CaseStatus.WAITING_PARTNER,
        WaitingFor.FIELD => CaseStatus.WAITING_FIELD,
        WaitingFor.VENDOR => CaseStatus.WAITING_VENDOR,
        WaitingFor.INCIDENT => CaseStatus.WAITING_INCIDENT,
        _ => throw new ArgumentOutOfRangeException(nameof(waitingFor)),
    };

    public static Severity RaisedOneStep(this Severity severity) =>
        severity == Severity.CRITICAL ? Severity.CRITICAL : severity + 1;
}
