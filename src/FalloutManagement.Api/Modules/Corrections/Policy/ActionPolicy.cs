using FalloutManagement.Api.Common;
using System.Text.Json.Serialization;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Corrections.Policy;

/// <summary>When a policy applies. Every condition left null matches anything.</summary>
internal sealed record PolicyMatch(
    FalloutCategory? Category = null,
    Severity? Severity = null,
    CaseStatus? CaseStatus = null,
    string? ServiceType = null,
    string? CustomerSegment = null,
    string? Queue = null,
    string? OperatorRole = null,
    CorrectionType? CorrectionType = null,
    string? PayloadField = null,
    IReadOnlyList<string>? PayloadValues = null,
    decimal? MinAmount = null,
    int? MinPreviousCorrections = null,
    IReadOnlyList<string>? Currencies = null,
    IReadOnlyList<string>? ReasonCodes = null,
    RiskLevel? MinRiskLevel = null)
{
    /// <summary>How many conditions are set: among policies of equal priority the more specific one decides.</summary>
    [JsonIgnore]
    public int Specificity =>
        new object?[] { Category, Severity, CaseStatus, ServiceType, CustomerSegment, Queue, OperatorRole, CorrectionType, PayloadField, MinAmount,
                MinPreviousCorrections, Currencies is { Count: > 0 } ? Currencies : null, ReasonCodes is { Count: > 0 } ? ReasonCodes : null, MinRiskLevel }
            .Count(c => c is not null);

    /// <summary>Whether the policy looks into the correction's payload, which is unknown before a proposal.</summary>
    [JsonIgnore]
    public bool UsesPayload => PayloadField is not null || MinAmount is not null || Currencies is { Count: > 0 };
}

/// <summary>What a matching policy decides about a correction.</summary>
internal sealed record PolicyOutcome(
    bool Allowed,
    RiskLevel RiskLevel,
    bool ApprovalRequired,
    IReadOnlyList<EvidenceType> RequiredEvidence,
    bool CustomerNotificationRequired = false,
    EscalationRule EscalationRule = EscalationRule.NONE);

/// <summary>
/// One row of the action policy (docs/corrections.md): data an admin edits, never code. Policies are deactivated, never
/// deleted, so a correction's <c>policyRef</c> always points at something that can be read.
/// </summary>
internal sealed class ActionPolicy : IReferenceData
{
    public const int NameLength = 120;

    private ActionPolicy() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public int Priority { get; private set; }
    public bool Active { get; private set; }

    /// <summary>Raised by every change; the policy's ETag.</summary>
    public long Version { get; private set; }

    public FalloutCategory? MatchCategory { get; private set; }
    public Severity? MatchSeverity { get; private set; }
    public CaseStatus? MatchCaseStatus { get; private set; }
    public string? MatchServiceType { get; private set; }
    public string? MatchCustomerSegment { get; private set; }
    public string? MatchQueue { get; private set; }
    public string? MatchOperatorRole { get; private set; }
    public CorrectionType? MatchCorrectionType { get; private set; }
    public string? MatchPayloadField { get; private set; }
    public List<string> MatchPayloadValues { get; private set; } = [];
    public decimal? MatchMinAmount { get; private set; }
    public int? MatchMinPreviousCorrections { get; private set; }

    /// <summary>The payload's <c>currency</c> must be one of these (with <see cref="MatchMinAmount"/>: a threshold per currency).</summary>
    public List<string> MatchCurrencies { get; private set; } = [];

    /// <summary>The case's reason code must be one of these.</summary>
    public List<string> MatchReasonCodes { get; private set; } = [];

    /// <summary>
    /// Set: the policy is an overlay. It applies when the decision of the other policies reaches this risk level, and
    /// can only add to it (approval, evidence, notification, escalation, a higher risk, a refusal).
    /// </summary>
    public RiskLevel? MatchMinRiskLevel { get; private set; }

    public bool Allowed { get; private set; }
    public RiskLevel RiskLevel { get; private set; }
    public bool ApprovalRequired { get; private set; }
    public List<EvidenceType> RequiredEvidence { get; private set; } = [];
    public bool CustomerNotificationRequired { get; private set; }
    public EscalationRule EscalationRule { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public PolicyMatch Match => new(MatchCategory, MatchSeverity, MatchCaseStatus, MatchServiceType, MatchCustomerSegment, MatchQueue,
        MatchOperatorRole, MatchCorrectionType, MatchPayloadField, MatchPayloadValues, MatchMinAmount, MatchMinPreviousCorrections,
        MatchCurrencies, MatchReasonCodes, MatchMinRiskLevel);

    public PolicyOutcome Outcome => new(Allowed, RiskLevel, ApprovalRequired, RequiredEvidence, CustomerNotificationRequired, EscalationRule);

    /// <summary>How a correction names the policy that decided it: name and version, readable in an audit trail.</summary>
    public string Reference => $"{Name}@v{Version}";

    public static ActionPolicy Create(Guid id, string name, string? description, int priority, PolicyMatch match, PolicyOutcome outcome,
        string actor, DateTimeOffset now)
    {
        var policy = new ActionPolicy { Id = id, Active = true, Version = 1, CreatedAt = now, CreatedBy = actor };
        policy.Set(name, description, priority, match, outcome, actor, now);
        return policy;
    }

    public void Update(string name, string? description, int priority, PolicyMatch match, PolicyOutcome outcome, string actor, DateTimeOffset now)
    {
        if (!Active)
        {
            throw DomainException.InvalidTransition("A deactivated policy cannot be changed; create a new one.");
        }
        Version++;
        Set(name, description, priority, match, outcome, actor, now);
    }

    public void Deactivate(string actor, DateTimeOffset now)
    {
        if (!Active)
        {
            throw DomainException.InvalidTransition("The policy is already inactive.");
        }
        Active = false;
        Version++;
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    /// <summary>FORCE_COMPLETE always needs approval and evidence (docs/corrections.md): no policy may say otherwise.</summary>
    public static void EnsureValid(PolicyMatch match, PolicyOutcome outcome)
    {
        if (match.CorrectionType == CorrectionType.FORCE_COMPLETE && outcome.Allowed
            && (!outcome.ApprovalRequired || outcome.RequiredEvidence.Count == 0))
        {
            throw DomainException.Validation("outcome", "A policy allowing FORCE_COMPLETE must require approval and at least one evidence type.");
        }
    }

    private void Set(string name, string? description, int priority, PolicyMatch match, PolicyOutcome outcome, string actor, DateTimeOffset now)
    {
        EnsureValid(match, outcome);
        Name = name;
        Description = description;
        Priority = priority;
        MatchCategory = match.Category;
        MatchSeverity = match.Severity;
        MatchCaseStatus = match.CaseStatus;
        MatchServiceType = match.ServiceType;
        MatchCustomerSegment = match.CustomerSegment;
        MatchQueue = match.Queue;
        MatchOperatorRole = match.OperatorRole;
        MatchCorrectionType = match.CorrectionType;
        MatchPayloadField = match.PayloadField;
        MatchPayloadValues = [.. match.PayloadValues ?? []];
        MatchMinAmount = match.MinAmount;
        MatchMinPreviousCorrections = match.MinPreviousCorrections;
        MatchCurrencies = [.. (match.Currencies ?? []).Select(c => c.Trim().ToUpperInvariant()).Distinct()];
        MatchReasonCodes = [.. (match.ReasonCodes ?? []).Select(c => c.Trim()).Distinct()];
        MatchMinRiskLevel = match.MinRiskLevel;
        Allowed = outcome.Allowed;
        RiskLevel = outcome.RiskLevel;
        ApprovalRequired = outcome.ApprovalRequired;
        RequiredEvidence = [.. outcome.RequiredEvidence.Distinct()];
        CustomerNotificationRequired = outcome.CustomerNotificationRequired;
        EscalationRule = outcome.EscalationRule;
        UpdatedAt = now;
        UpdatedBy = actor;
    }
}
