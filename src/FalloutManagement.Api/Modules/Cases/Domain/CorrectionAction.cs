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
        string proposedBy, DateTimeOffset proposedAt, long basedOnVersion, string? executor, TimeSpan? resultDeadline)
    {
        Executor = executor;
        ResultDeadline = resultDeadline;
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

    /// <summary>The executor code of the owning system that carries the correction out; null when a person does (<c>MANUAL_PROVISIONING</c>).</summary>
    public string? Executor { get; private set; }

    /// <summary>How long the executor has to report, from dispatch (the executor's <c>resultDeadline</c> at proposal).</summary>
    public TimeSpan? ResultDeadline { get; private set; }
    public ExecutionStatus ExecutionStatus { get; private set; } = ExecutionStatus.NOT_DISPATCHED;

    /// <summary>The id of the one execution command sent to the executor; results name it.</summary>
    public Guid? CommandId { get; private set; }
    public DateTimeOffset? DispatchedAt { get; private set; }
    public DateTimeOffset? ExecutionDeadline { get; private set; }

    /// <summary>The outcome the executor reported (also when it came after the deadline), with its detail and reference.</summary>
    public ExecutionOutcome? ReportedOutcome { get; private set; }
    public string? ExecutionDetail { get; private set; }
    public string? ExternalRef { get; private set; }
    public DateTimeOffset? ReportedAt { get; private set; }

    /// <summary>The read-back evidence item the executor sent with its result.</summary>
    public Guid? ReadBackEvidenceId { get; private set; }

    /// <summary>Whether the owning system executes it (every type but <c>MANUAL_PROVISIONING</c>): operators do not apply it.</summary>
    public bool ExecutedBySystem => Executor is not null;

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

    internal void Dispatch(Guid commandId, DateTimeOffset now)
    {
        ExecutionStatus = ExecutionStatus.REQUESTED;
        CommandId = commandId;
        DispatchedAt = now;
        ExecutionDeadline = now + (ResultDeadline ?? TimeSpan.Zero);
    }

    /// <summary>Records the executor's report. In time it decides the execution; after a time-out it is only kept.</summary>
    internal void Report(ExecutionOutcome outcome, string detail, string? externalRef, Guid? readBackEvidenceId, string executorActor,
        DateTimeOffset now)
    {
        ReportedOutcome = outcome;
        ExecutionDetail = detail;
        ExternalRef = externalRef;
        ReadBackEvidenceId = readBackEvidenceId;
        ReportedAt = now;
        if (ExecutionStatus != ExecutionStatus.REQUESTED)
        {
            return;
        }
        switch (outcome)
        {
            case ExecutionOutcome.SUCCEEDED:
                ExecutionStatus = ExecutionStatus.SUCCEEDED;
                Apply(ResultOf(outcome, detail, externalRef, readBackEvidenceId), executorActor, now);
                break;
            case ExecutionOutcome.FAILED:
                ExecutionStatus = ExecutionStatus.FAILED;
                Status = CorrectionStatus.EXECUTION_FAILED;
                ResultJson = ResultOf(outcome, detail, externalRef, readBackEvidenceId);
                break;
            default:
                ExecutionStatus = ExecutionStatus.REJECTED;
                Status = CorrectionStatus.EXECUTION_FAILED;
                ResultJson = ResultOf(outcome, detail, externalRef, readBackEvidenceId);
                break;
        }
    }

    internal void TimeOut()
    {
        ExecutionStatus = ExecutionStatus.TIMED_OUT;
        Status = CorrectionStatus.EXECUTION_FAILED;
    }

    /// <summary>The result as stored, its keys in jsonb's own order (shorter first) so the first answer and a replay read alike.</summary>
    internal static string ResultOf(ExecutionOutcome outcome, string detail, string? externalRef, Guid? readBackEvidenceId) =>
        System.Text.Json.JsonSerializer.Serialize(new { detail, outcome = outcome.ToString(), externalRef, readBackEvidenceId });

    internal void MarkVerified() => Status = CorrectionStatus.VERIFIED;

    internal void MarkVerificationFailed() => Status = CorrectionStatus.VERIFICATION_FAILED;
}
