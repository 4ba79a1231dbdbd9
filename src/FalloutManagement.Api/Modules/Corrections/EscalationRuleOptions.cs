using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>
/// Configuration section <c>Corrections:EscalationQueues</c>: the queue of the mandatory review task that a policy's escalation
/// rule creates when a correction is proposed under it. <c>NOTIFY_SUPERVISOR</c> creates no task (it escalates the case in place).
/// </summary>
internal sealed class EscalationRuleOptions
{
    public const string Section = "Corrections:EscalationQueues";

    /// <summary>The queue of the <c>CUSTOMER_CARE_DECISION</c> task; empty means the case's own queue.</summary>
    public string? CustomerCare { get; set; }

    /// <summary>The queue of the <c>REVENUE_ASSURANCE_REVIEW</c> task (seeded: billing and revenue assurance).</summary>
    public string? RevenueAssurance { get; set; } = "BILLING_RA";

    /// <summary>The queue of the <c>FRAUD_REVIEW</c> task (seeded: the fraud analysts).</summary>
    public string? FraudReview { get; set; } = "FRAUD_REVIEW";

    /// <summary>The review queue of <paramref name="rule"/>; null for the case's own queue.</summary>
    public string? QueueFor(EscalationRule rule) => Blank(rule switch
    {
        EscalationRule.CUSTOMER_CARE_DECISION => CustomerCare,
        EscalationRule.REVENUE_ASSURANCE_REVIEW => RevenueAssurance,
        EscalationRule.FRAUD_REVIEW => FraudReview,
        _ => null,
    });

    private static string? Blank(string? queue) => string.IsNullOrWhiteSpace(queue) ? null : queue.Trim();
}
