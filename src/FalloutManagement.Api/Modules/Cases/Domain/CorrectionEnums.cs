namespace FalloutManagement.Api.Modules.Cases.Domain;

public enum CorrectionType
{
    RETRY,
    DATA_CORRECTION,
    RESOURCE_REALLOCATION,
    MANUAL_PROVISIONING,
    ORDER_AMENDMENT,
    CANCELLATION,
    COMPENSATION,
    FORCE_COMPLETE,
}

public enum RiskLevel { LOW, MEDIUM, HIGH, CRITICAL }

public enum CorrectionStatus
{
    /// <summary>Proposed; a checker must approve it before it can be applied.</summary>
    PENDING_APPROVAL,

    /// <summary>Proposed and ready to apply (no approval needed, or approved).</summary>
    READY,
    REJECTED,
    APPLIED,
    VERIFIED,
    VERIFICATION_FAILED,

    /// <summary>Its executor reported FAILED or REJECTED, or sent no result by the deadline: the operator takes over again.</summary>
    EXECUTION_FAILED,
}

/// <summary>Where the execution of a correction by its owning system stands.</summary>
public enum ExecutionStatus
{
    /// <summary>Not sent to its executor (yet), or executed by a person (<c>MANUAL_PROVISIONING</c>).</summary>
    NOT_DISPATCHED,

    /// <summary><c>FalloutCorrectionExecutionRequested</c> went out; the executor's result is awaited until the deadline.</summary>
    REQUESTED,
    SUCCEEDED,
    FAILED,
    REJECTED,

    /// <summary>No result by the deadline; a late result is recorded and moves nothing.</summary>
    TIMED_OUT,
}

/// <summary>What an executor reports for a dispatched correction.</summary>
public enum ExecutionOutcome { SUCCEEDED, FAILED, REJECTED }

/// <summary>What happens beyond the correction itself when a policy matches; reported with every decision.</summary>
public enum EscalationRule { NONE, NOTIFY_SUPERVISOR, CUSTOMER_CARE_DECISION, REVENUE_ASSURANCE_REVIEW, FRAUD_REVIEW }
