namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>
/// A typed correction of a fallout case, part of the case aggregate: it changes only through
/// <see cref="Cases.Domain.FalloutCase"/>'s transitions, which enforce maker-checker.
/// </summary>
public sealed class CorrectionAction
{
    private CorrectionAction() { }

    internal CorrectionAction(Guid id, Guid caseId, CorrectionType type, string payloadJson, string reason, RiskLevel riskLevel,
        bool approvalRequired, IReadOnlyList<EvidenceType> requiredEvidence, string? policyRef, string? idempotencyKey,
        string proposedBy, DateTimeOffset proposedAt, long basedOnVersion)
    {
        Id = id;
        CaseId = caseId;
        Type = type;
        PayloadJson = payloadJson;
        Reason = reason;
        RiskLevel = riskLevel;
        ApprovalRequired = approvalRequired;
        RequiredEvidence = [.. requiredEvidence];
        PolicyRef = policyRef;
        IdempotencyKey = idempotencyKey;
        ProposedBy = proposedBy;
        ProposedAt = proposedAt;
        BasedOnVersion = basedOnVersion;
        Status = approvalRequired ? CorrectionStatus.PENDING_APPROVAL : CorrectionStatus.READY;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public CorrectionType Type { get; private set; }
    public CorrectionStatus Status { get; private set; }
    public RiskLevel RiskLevel { get; private set; }
    public bool ApprovalRequired { get; private set; }
    public List<EvidenceType> RequiredEvidence { get; private set; } = [];
    public string? PolicyRef { get; private set; }
    public string PayloadJson { get; private set; } = "{}";
    public string? ResultJson { get; private set; }
    public string Reason { get; private set; } = "";
    public string? IdempotencyKey { get; private set; }
    public string ProposedBy { get; private set; } = "";
    public DateTimeOffset ProposedAt { get; private set; }

    /// <summary>The case version the proposal was made against; an approval of a case changed since is void.</summary>
    public long BasedOnVersion { get; private set; }
    public string? ApprovedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }
    public string? AppliedBy { get; private set; }
    public DateTimeOffset? AppliedAt { get; private set; }

    public bool IsActive => Status is CorrectionStatus.PENDING_APPROVAL or CorrectionStatus.READY or CorrectionStatus.APPLIED;

    internal void Approve(string checker, string reason, DateTimeOffset now)
    {
        Status = CorrectionStatus.READY;
        ApprovedBy = checker;
        DecidedAt = now;
        DecisionReason = reason;
    }

    internal void Reject(string checker, string reason, DateTimeOffset now)
    {
        Status = CorrectionStatus.REJECTED;
        ApprovedBy = checker;
        DecidedAt = now;
        DecisionReason = reason;
    }

    internal void Apply(string resultJson, string actor, DateTimeOffset now)
    {
        Status = CorrectionStatus.APPLIED;
        ResultJson = resultJson;
        AppliedBy = actor;
        AppliedAt = now;
    }

    internal void MarkVerified() => Status = CorrectionStatus.VERIFIED;

    internal void MarkVerificationFailed() => Status = CorrectionStatus.VERIFICATION_FAILED;
}
