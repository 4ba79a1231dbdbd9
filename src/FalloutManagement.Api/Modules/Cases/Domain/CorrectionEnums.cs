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
}

/// <summary>What happens beyond the correction itself when a policy matches; reported with every decision.</summary>
public enum EscalationRule { NONE, NOTIFY_SUPERVISOR, CUSTOMER_CARE_DECISION, REVENUE_ASSURANCE_REVIEW, FRAUD_REVIEW }
