using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Corrections.Domain;
using FalloutManagement.Api.Modules.Evidence.Domain;
using FalloutManagement.Api.Modules.Resume.Domain;

namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>What a source system reported, already validated for shape.</summary>
public sealed record FalloutReport(
    string SourceSystem,
    string SourceEventId,
    string CorrelationId,
    string ReasonCode,
    string Message,
    string? CustomerId = null,
    string? CustomerSegment = null,
    string? ProductOrderId = null,
    string? ServiceOrderId = null,
    string? ServiceOrderItemId = null,
    string? ImpactedServiceId = null,
    string? ResourceId = null,
    FalloutCategory? CategoryHint = null,
    Severity? SeverityHint = null,
    string? FailedStepKey = null,
    string? ResumePoint = null,
    long? OrderVersion = null,
    DateTimeOffset? OccurredAt = null,
    DateTimeOffset? PromisedAt = null,
    string? AttributesJson = null,
    decimal? RevenueAtRiskAmount = null,
    string? RevenueAtRiskCurrency = null,
    string? ContextJson = null);

/// <summary>Where classification sends a case: its category, severity and queue.</summary>
public sealed record CaseRouting(FalloutCategory Category, Severity Severity, string Queue);

/// <summary>What a correction's policy decided when it was proposed. The risk never comes from the client.</summary>
public sealed record CorrectionDecision(RiskLevel RiskLevel, bool ApprovalRequired, IReadOnlyList<EvidenceType> RequiredEvidence, string? PolicyRef,
    bool CustomerNotificationRequired = false, string? EscalationRule = null);

/// <summary>What the order system receives when it redeems a resume token.</summary>
public sealed record ResumeInstruction(string ServiceOrderItemId, string FailedStepKey, ResumeMode Mode, Guid EvidenceId, IReadOnlyList<Guid> CorrectionActionIds);

/// <summary>
/// The fallout case aggregate: a controlled exception lane with an owner, a queue, corrections under
/// maker-checker, immutable evidence and a one-time resume token. Every public transition checks the
/// state table first and throws when refused; none is a silent no-op.
/// </summary>
public sealed class FalloutCase
{
    public const string TriageQueue = "FALLOUT_TRIAGE";

    private readonly List<CorrectionAction> _corrections = [];
    private readonly List<EvidenceItem> _evidence = [];
    private readonly List<CaseTask> _tasks = [];
    private readonly List<ResumeToken> _resumeTokens = [];
    private readonly List<CaseChange> _changes = [];

    private FalloutCase() { }

    public Guid Id { get; private set; }
    public string SourceSystem { get; private set; } = "";
    public string SourceEventId { get; private set; } = "";
    public string CorrelationId { get; private set; } = "";
    public string? CustomerId { get; private set; }
    public string? CustomerSegment { get; private set; }
    public string? ProductOrderId { get; private set; }
    public string? ServiceOrderId { get; private set; }
    public string? ServiceOrderItemId { get; private set; }
    public string? ImpactedServiceId { get; private set; }
    public string? ResourceId { get; private set; }
    public FalloutCategory? CategoryHint { get; private set; }
    public Severity? SeverityHint { get; private set; }
    public FalloutCategory? Category { get; private set; }
    public Severity Severity { get; private set; }
    public CaseStatus Status { get; private set; }
    public string ReasonCode { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string? FailedStepKey { get; private set; }
    public string? ResumePoint { get; private set; }
    public long? OrderVersion { get; private set; }
    public DateTimeOffset? OccurredAt { get; private set; }
    public DateTimeOffset? PromisedAt { get; private set; }
    public string? AttributesJson { get; private set; }
    public decimal? RevenueAtRiskAmount { get; private set; }
    public string? RevenueAtRiskCurrency { get; private set; }
    /// <summary>What the source knew for the operator (customer, order graph, attempts ...); later occurrences append attempts.</summary>
    public string? ContextJson { get; private set; }
    public string Queue { get; private set; } = TriageQueue;
    public string? AssignedUser { get; private set; }
    public WaitingFor? WaitingFor { get; private set; }
    public DateTimeOffset? WaitingUntil { get; private set; }
    public Guid? IncidentId { get; private set; }

    /// <summary>When the case was first classified (at intake by rule, or by hand); time to classify starts at intake.</summary>
    public DateTimeOffset? ClassifiedAt { get; private set; }
    public int OccurrenceCount { get; private set; }

    /// <summary>When the last occurrence arrived (the intake appends later ones without a new version).</summary>
    public DateTimeOffset LastOccurrenceAt { get; private set; }
    public int EscalationLevel { get; private set; }

    /// <summary>When the case must be resolved; the list is ordered by it.</summary>
    public DateTimeOffset SlaDueAt { get; private set; }
    public ResolutionDecision? ResolutionDecision { get; private set; }
    public ResumeMode? ResolutionMode { get; private set; }
    public Guid? ResolutionEvidenceId { get; private set; }
    public string? ResolutionReason { get; private set; }
    public string? ResolvedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? CancellationReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? FirstActionAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The optimistic concurrency token and ETag; every recorded change raises it by one.</summary>
    public long Version { get; private set; }

    /// <summary>
    /// The version of the last change to what a checker decides on (classification, severity, queue, owner,
    /// references). Evidence and tasks do not count: they support a pending approval rather than void it.
    /// </summary>
    public long MaterialVersion { get; private set; }

    public IReadOnlyList<CorrectionAction> Corrections => _corrections;
    public IReadOnlyList<EvidenceItem> Evidence => _evidence;
    public IReadOnlyList<CaseTask> Tasks => _tasks;
    public IReadOnlyList<ResumeToken> ResumeTokens => _resumeTokens;

    /// <summary>The token issued last; earlier ones were superseded by a re-issue.</summary>
    public ResumeToken? ResumeToken => _resumeTokens.OrderByDescending(t => t.IssuedAt).FirstOrDefault();

    public CorrectionAction? ActiveCorrection => _corrections.FirstOrDefault(c => c.IsActive);

    /// <summary>Changes since load, drained by the unit of work into audit and outbox rows.</summary>
    public IReadOnlyList<CaseChange> PendingChanges => _changes;

    public void ClearPendingChanges() => _changes.Clear();

    public static FalloutCase Report(FalloutReport report, CaseRouting? routing, DateTimeOffset slaDueAt, Actor reporter, DateTimeOffset now)
    {
        var fallout = new FalloutCase
        {
            Id = Guid.CreateVersion7(now),
            SourceSystem = report.SourceSystem,
            SourceEventId = report.SourceEventId,
            CorrelationId = report.CorrelationId,
            CustomerId = report.CustomerId,
            CustomerSegment = report.CustomerSegment,
            ProductOrderId = report.ProductOrderId,
            ServiceOrderId = report.ServiceOrderId,
            ServiceOrderItemId = report.ServiceOrderItemId,
            ImpactedServiceId = report.ImpactedServiceId,
            ResourceId = report.ResourceId,
            CategoryHint = report.CategoryHint,
            SeverityHint = report.SeverityHint,
            Severity = report.SeverityHint ?? Severity.MEDIUM,
            ReasonCode = report.ReasonCode,
            Message = report.Message,
            FailedStepKey = report.FailedStepKey,
            ResumePoint = report.ResumePoint,
            OrderVersion = report.OrderVersion,
            OccurredAt = report.OccurredAt,
            PromisedAt = report.PromisedAt,
            AttributesJson = report.AttributesJson,
            RevenueAtRiskAmount = report.RevenueAtRiskAmount,
            RevenueAtRiskCurrency = report.RevenueAtRiskCurrency,
            ContextJson = report.ContextJson,
            Status = CaseStatus.DETECTED,
            Queue = TriageQueue,
            SlaDueAt = slaDueAt,
            OccurrenceCount = 1,
            LastOccurrenceAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        fallout.Record("CASE_DETECTED", CaseEventTypes.Detected, reporter, now, reason: report.Message, before: null, fields: new()
        {
            ["sourceSystem"] = report.SourceSystem,
            ["sourceEventId"] = report.SourceEventId,
            ["reasonCode"] = report.ReasonCode,
            ["failedStepKey"] = report.FailedStepKey,
            ["severity"] = fallout.Severity,
            ["queue"] = fallout.Queue,
        });
        if (routing is not null)
        {
            fallout.Route(routing, reporter, now, "classified at intake by rule");
        }
        return fallout;
    }

    public void Classify(CaseRouting routing, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.CLASSIFY, Status);
        Route(routing, actor, now, reason);
    }

    private void Route(CaseRouting routing, Actor actor, DateTimeOffset now, string reason)
    {
        var before = Snapshot();
        Category = routing.Category;
        Severity = routing.Severity;
        Queue = routing.Queue;
        Status = CaseStatus.CLASSIFIED;
        ClassifiedAt ??= now;
        Record("CASE_CLASSIFIED", CaseEventTypes.Classified, actor, now, reason, before, new()
        {
            ["category"] = routing.Category,
            ["severity"] = routing.Severity,
            ["queue"] = routing.Queue,
        });
        Move(CaseStatus.QUEUED, "CASE_QUEUED", actor, now, reason);
        MaterialVersion = Version;
    }

    /// <summary>Assigns to <paramref name="user"/> (a claim when it is the actor). A hand-over keeps IN_PROGRESS and WAITING_*.</summary>
    public void Assign(string user, string? queue, string? reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.ASSIGN, Status);
        if (AssignedUser == user && (queue is null || queue == Queue))
        {
            throw DomainException.InvalidTransition($"The case is already assigned to {user}.");
        }
        if (AssignedUser is not null && AssignedUser != user && string.IsNullOrWhiteSpace(reason))
        {
            throw DomainException.Validation("reason", "A hand-over to another user needs a reason.");
        }
        var before = Snapshot();
        var previous = AssignedUser;
        AssignedUser = user;
        Queue = queue ?? Queue;
        if (Status is CaseStatus.QUEUED)
        {
            Status = CaseStatus.ASSIGNED;
        }
        Record("CASE_ASSIGNED", CaseEventTypes.Assigned, actor, now, reason, before, new()
        {
            ["assignedUser"] = user,
            ["previousUser"] = previous,
            ["queue"] = Queue,
            ["handOver"] = previous is not null,
        });
        MaterialVersion = Version;
    }

    public void Start(Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.START, Status);
        FirstActionAt ??= now;
        Move(CaseStatus.IN_PROGRESS, "CASE_STARTED", actor, now, null);
    }

    public void Wait(WaitingFor waitingFor, string reason, DateTimeOffset? until, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.WAIT, Status);
        if (until is not null && until <= now)
        {
            throw DomainException.Validation("until", "The wait must end in the future.");
        }
        WaitingFor = waitingFor;
        WaitingUntil = until;
        Move(waitingFor.ToStatus(), "CASE_WAITING", actor, now, reason);
    }

    public void Continue(Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.CONTINUE, Status);
        WaitingFor = null;
        WaitingUntil = null;
        Move(CaseStatus.IN_PROGRESS, "CASE_CONTINUED", actor, now, null);
    }

    /// <summary>Raises the escalation level and optionally the severity and queue; the state stays as it is.</summary>
    public void Escalate(string reason, string? toQueue, bool raiseSeverity, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.ESCALATE, Status);
        var before = Snapshot();
        var fromQueue = Queue;
        EscalationLevel++;
        if (raiseSeverity)
        {
            Severity = Severity.RaisedOneStep();
        }
        if (toQueue is not null && toQueue != Queue)
        {
            Queue = toQueue;
            // A case moved to another queue is no longer anybody's there: it waits to be claimed again.
            if (Status is CaseStatus.ASSIGNED)
            {
                Status = CaseStatus.QUEUED;
                AssignedUser = null;
            }
        }
        Record("CASE_ESCALATED", CaseEventTypes.Escalated, actor, now, reason, before, new()
        {
            ["fromQueue"] = fromQueue,
            ["toQueue"] = Queue,
            ["severity"] = Severity,
            ["escalationLevel"] = EscalationLevel,
        });
        MaterialVersion = Version;
    }

    public CaseTask CreateTask(string taskType, string instruction, string? queue, string? user, bool mandatory, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.CREATE_TASK, Status);
        var before = Snapshot();
        var task = new CaseTask(Guid.CreateVersion7(now), Id, taskType, instruction, queue ?? Queue, user, mandatory, actor.Id, now);
        _tasks.Add(task);
        Record("TASK_CREATED", CaseEventTypes.TaskCreated, actor, now, instruction, before, new()
        {
            ["taskId"] = task.Id,
            ["taskType"] = taskType,
            ["mandatory"] = mandatory,
            ["queue"] = task.Queue,
            ["assignedUser"] = user,
        });
        return task;
    }

    /// <summary>Gives an open task to a person and/or a queue (a field team, a partner desk), with the reason recorded.</summary>
    public CaseTask AssignTask(Guid taskId, string? user, string? queue, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.ASSIGN_TASK, Status);
        var task = _tasks.FirstOrDefault(t => t.Id == taskId) ?? throw DomainException.NotFound($"Task {taskId} is not on this case.");
        if (task.Status == CaseTaskStatus.DONE)
        {
            throw DomainException.InvalidTransition("The task is already done.");
        }
        if (user is null && queue is null)
        {
            throw DomainException.Validation("user", "Name a user, a queue or both.");
        }
        var before = Snapshot();
        var previousUser = task.AssignedUser;
        var previousQueue = task.Queue;
        task.Assign(user ?? task.AssignedUser, queue ?? task.Queue);
        Record("TASK_ASSIGNED", null, actor, now, reason, before, new()
        {
            ["taskId"] = taskId,
            ["assignedUser"] = task.AssignedUser,
            ["queue"] = task.Queue,
            ["previousUser"] = previousUser,
            ["previousQueue"] = previousQueue,
        });
        return task;
    }

    public CaseTask CompleteTask(Guid taskId, string outcome, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.COMPLETE_TASK, Status);
        var task = _tasks.FirstOrDefault(t => t.Id == taskId) ?? throw DomainException.NotFound($"Task {taskId} is not on this case.");
        if (task.Status == CaseTaskStatus.DONE)
        {
            throw DomainException.InvalidTransition("The task is already done.");
        }
        var before = Snapshot();
        task.Complete(outcome, actor.Id, now);
        Record("TASK_COMPLETED", null, actor, now, outcome, before, new() { ["taskId"] = taskId });
        return task;
    }

    /// <summary>
    /// Proposes a typed correction. The policy decides risk and approval: a correction needing approval moves the
    /// case to APPROVAL_REQUIRED, else to CORRECTION_PROPOSED.
    /// </summary>
    public CorrectionAction ProposeCorrection(CorrectionType type, string payloadJson, string reason, CorrectionDecision decision,
        string? idempotencyKey, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.PROPOSE_CORRECTION, Status);
        var before = Snapshot();
        var correction = new CorrectionAction(Guid.CreateVersion7(now), Id, type, payloadJson, reason, decision.RiskLevel,
            decision.ApprovalRequired, decision.RequiredEvidence, decision.PolicyRef, idempotencyKey, actor.Id, now,
            basedOnVersion: Version + 1);
        _corrections.Add(correction);
        FirstActionAt ??= now;
        Status = decision.ApprovalRequired ? CaseStatus.APPROVAL_REQUIRED : CaseStatus.CORRECTION_PROPOSED;
        Record("CORRECTION_PROPOSED", CaseEventTypes.CorrectionProposed, actor, now, reason, before, new()
        {
            ["correctionActionId"] = correction.Id,
            ["correctionType"] = type,
            ["riskLevel"] = decision.RiskLevel,
            ["approvalRequired"] = decision.ApprovalRequired,
            ["proposedBy"] = actor.Id,
            // The owning system acts on the request carried by this event; the service never mutates its data.
            ["owningSystem"] = CorrectionCatalog.OwningSystem(type),
            ["payload"] = CorrectionCatalog.PayloadOf(payloadJson),
            ["requiredEvidence"] = decision.RequiredEvidence,
            ["policyRef"] = decision.PolicyRef,
            ["customerNotificationRequired"] = decision.CustomerNotificationRequired,
            ["escalationRule"] = decision.EscalationRule,
        }, correction.Id);
        return correction;
    }

    /// <summary>The checker's decision. Maker and checker differ, the checker holds the approver role, and HIGH/CRITICAL needs step-up.</summary>
    public CorrectionAction DecideCorrection(Guid correctionId, bool approve, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(approve ? CaseCommand.APPROVE_CORRECTION : CaseCommand.REJECT_CORRECTION, Status);
        var correction = FindCorrection(correctionId);
        if (correction.Status != CorrectionStatus.PENDING_APPROVAL)
        {
            throw DomainException.InvalidTransition($"Correction {correctionId} is {correction.Status}, not awaiting approval.");
        }
        if (!actor.IsInRole(Roles.Approver))
        {
            throw DomainException.Forbidden($"Only a holder of {Roles.Approver} may decide on a correction.");
        }
        if (actor.Id == correction.ProposedBy)
        {
            throw DomainException.Denied(ProblemCodes.SegregationOfDuties, "Segregation of duties",
                "The checker must not be the maker of the correction.");
        }
        if (approve && correction.RiskLevel is RiskLevel.HIGH or RiskLevel.CRITICAL && !actor.HasMfa)
        {
            throw DomainException.Denied(ProblemCodes.StepUpRequired, "Step-up required",
                $"Approving a {correction.RiskLevel} risk correction needs step-up authentication (mfa in amr).");
        }
        if (approve && MaterialVersion > correction.BasedOnVersion)
        {
            throw DomainException.VersionConflict(
                $"The case changed at version {MaterialVersion}, after the correction was proposed at version {correction.BasedOnVersion}; the approval is void. Reject it and propose again.");
        }
        var before = Snapshot();
        if (approve)
        {
            correction.Approve(actor.Id, reason, now);
            Status = CaseStatus.CORRECTION_PROPOSED;
        }
        else
        {
            correction.Reject(actor.Id, reason, now);
            Status = CaseStatus.IN_PROGRESS;
        }
        Record(approve ? "CORRECTION_APPROVED" : "CORRECTION_REJECTED",
            approve ? CaseEventTypes.CorrectionApproved : CaseEventTypes.CorrectionRejected, actor, now, reason, before, new()
            {
                ["correctionActionId"] = correction.Id,
                ["correctionType"] = correction.Type,
                ["riskLevel"] = correction.RiskLevel,
                ["maker"] = correction.ProposedBy,
                ["checker"] = actor.Id,
                ["policyRef"] = correction.PolicyRef,
                ["owningSystem"] = CorrectionCatalog.OwningSystem(correction.Type),
                ["payload"] = CorrectionCatalog.PayloadOf(correction.PayloadJson),
            }, correction.Id);
        return correction;
    }

    public CorrectionAction ApplyCorrection(Guid correctionId, string resultJson, Actor actor, DateTimeOffset now)
    {
        if (Status == CaseStatus.APPROVAL_REQUIRED)
        {
            throw DomainException.Refused(ProblemCodes.ApprovalRequired, "Approval required",
                "The correction needs a checker's approval before it can be applied.");
        }
        CaseStateTable.EnsureAllowed(CaseCommand.APPLY_CORRECTION, Status);
        var correction = FindCorrection(correctionId);
        if (correction.Status != CorrectionStatus.READY)
        {
            throw correction.Status == CorrectionStatus.PENDING_APPROVAL
                ? DomainException.Refused(ProblemCodes.ApprovalRequired, "Approval required",
                    "The correction needs a checker's approval before it can be applied.")
                : DomainException.InvalidTransition($"Correction {correctionId} is {correction.Status} and cannot be applied.");
        }
        var missing = correction.RequiredEvidence.Where(t => !_evidence.Any(e => e.EvidenceType == t)).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.Refused(ProblemCodes.EvidenceRequired, "Evidence required",
                $"The policy requires evidence of type {string.Join(", ", missing)} before this correction is applied.");
        }
        var before = Snapshot();
        correction.Apply(resultJson, actor.Id, now);
        Status = CaseStatus.CORRECTION_APPLIED;
        Record("CORRECTION_APPLIED", CaseEventTypes.CorrectionApplied, actor, now, null, before, new()
        {
            ["correctionActionId"] = correction.Id,
            ["correctionType"] = correction.Type,
            ["appliedBy"] = actor.Id,
            ["result"] = CorrectionCatalog.PayloadOf(resultJson),
        }, correction.Id);
        return correction;
    }

    public void Verify(Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.VERIFY, Status);
        Move(CaseStatus.VERIFYING, "VERIFICATION_STARTED", actor, now, null, ActiveCorrection?.Id);
    }

    public void VerificationFailed(string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.VERIFICATION_FAILED, Status);
        var correction = ActiveCorrection;
        correction?.MarkVerificationFailed();
        Move(CaseStatus.IN_PROGRESS, "VERIFICATION_FAILED", actor, now, reason, correction?.Id);
    }

    public EvidenceItem AttachEvidence(EvidenceType type, string source, string? storageRef, string? checksum, long? contentLength,
        bool customerVisible, bool provesResolution, Guid? supersedesEvidenceId, Actor actor, DateTimeOffset now, Guid? evidenceId = null)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.ATTACH_EVIDENCE, Status);
        if (supersedesEvidenceId is { } superseded && _evidence.All(e => e.Id != superseded))
        {
            throw DomainException.Validation("supersedesEvidenceId", "The superseded evidence is not on this case.");
        }
        var before = Snapshot();
        var item = new EvidenceItem(evidenceId ?? Guid.CreateVersion7(now), Id, type, source, storageRef, checksum, contentLength, actor.Id, now,
            customerVisible, provesResolution, supersedesEvidenceId);
        _evidence.Add(item);
        Record("EVIDENCE_ATTACHED", CaseEventTypes.EvidenceAttached, actor, now, null, before, new()
        {
            ["evidenceId"] = item.Id,
            ["evidenceType"] = type,
            ["provesResolution"] = provesResolution,
            ["customerVisible"] = customerVisible,
            ["supersedesEvidenceId"] = supersedesEvidenceId,
            ["checksum"] = checksum,
        });
        return item;
    }

    /// <summary>
    /// Resolves the case with a decision backed by evidence that proves the resolution. RESUME issues the
    /// one-time resume token for the order system.
    /// </summary>
    public void Resolve(ResolutionDecision decision, ResumeMode? mode, Guid evidenceId, string reason, TimeSpan tokenLifetime,
        Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.RESOLVE, Status);
        var resolvedMode = mode ?? DefaultMode(decision);
        if (!ModeFits(decision, resolvedMode))
        {
            throw DomainException.Validation("resumeMode", $"{resolvedMode} does not fit the decision {decision}.");
        }
        var evidence = _evidence.FirstOrDefault(e => e.Id == evidenceId);
        if (evidence is null || !evidence.ProvesResolution || _evidence.Any(e => e.SupersedesEvidenceId == evidenceId))
        {
            throw DomainException.Refused(ProblemCodes.EvidenceRequired, "Evidence required",
                "A resolution needs evidence on this case with provesResolution = true (and not superseded).");
        }
        var openMandatory = _tasks.Where(t => t.Mandatory && t.Status == CaseTaskStatus.OPEN).Select(t => t.Id).ToList();
        if (openMandatory.Count > 0)
        {
            throw DomainException.InvalidTransition($"Mandatory tasks are still open: {string.Join(", ", openMandatory)}.");
        }
        if (decision == Domain.ResolutionDecision.RESUME && (ServiceOrderItemId is null || FailedStepKey is null))
        {
            throw DomainException.InvalidTransition("A case without serviceOrderItemId and failedStepKey has no step to resume; resolve it for cancellation or compensation.");
        }

        var before = Snapshot();
        ResolutionDecision = decision;
        ResolutionMode = resolvedMode;
        ResolutionEvidenceId = evidenceId;
        ResolutionReason = reason;
        ResolvedBy = actor.Id;
        ResolvedAt = now;
        var correction = ActiveCorrection;
        correction?.MarkVerified();
        var fields = new Dictionary<string, object?>
        {
            ["decision"] = decision,
            ["resumeMode"] = resolvedMode,
            ["evidenceId"] = evidenceId,
            ["resolvedBy"] = actor.Id,
            ["resolvedAt"] = now,
        };
        switch (decision)
        {
            case Domain.ResolutionDecision.RESUME:
                var token = IssueToken(resolvedMode, evidenceId, tokenLifetime, actor, now);
                fields["resumeTokenId"] = token.TokenId;
                fields["expiresAt"] = token.ExpiresAt;
                Status = CaseStatus.RESOLVED_RESUME;
                Record("CASE_RESOLVED", CaseEventTypes.ResolvedForResume, actor, now, reason, before, fields, correction?.Id);
                break;
            case Domain.ResolutionDecision.CANCEL:
                Status = CaseStatus.RESOLVED_CANCEL;
                Record("CASE_RESOLVED", CaseEventTypes.ResolvedForCancellation, actor, now, reason, before, fields, correction?.Id);
                break;
            default:
                Status = CaseStatus.RESOLVED_COMPENSATE;
                Record("CASE_RESOLVED", CaseEventTypes.ResolvedForCompensation, actor, now, reason, before, fields, correction?.Id);
                break;
        }
    }

    /// <summary>
    /// Redeems the resume token: exactly once, never after expiry, only at the expected order version. Closing the
    /// case here is the only way a RESOLVED_RESUME case closes: the order is really moving again.
    /// </summary>
    public ResumeInstruction RedeemResumeToken(Guid tokenId, long orderVersion, Actor actor, DateTimeOffset now)
    {
        var token = _resumeTokens.FirstOrDefault(t => t.TokenId == tokenId);
        if (token?.Status == ResumeTokenStatus.REDEEMED)
        {
            throw DomainException.Refused(ProblemCodes.TokenUsed, "Token used",
                "The resume token was already redeemed.");
        }
        CaseStateTable.EnsureAllowed(CaseCommand.REDEEM_RESUME_TOKEN, Status);
        if (token is null)
        {
            throw DomainException.NotFound($"Resume token {tokenId} does not belong to this case.");
        }
        if (token.StatusAt(now) == ResumeTokenStatus.EXPIRED)
        {
            throw DomainException.Refused(ProblemCodes.TokenExpired, "Token expired",
                $"The resume token expired at {token.ExpiresAt:O}.");
        }
        if (token.ExpectedOrderVersion is { } expected && expected != orderVersion)
        {
            throw DomainException.Refused(ProblemCodes.OrderVersionMismatch, "Order version mismatch",
                $"The token expects order version {expected}; the order is at {orderVersion}. Re-evaluate the case.");
        }
        var before = Snapshot();
        token.Redeem(actor.Id, now);
        Status = CaseStatus.CLOSED;
        ClosedAt = now;
        Record("RESUME_TOKEN_REDEEMED", CaseEventTypes.Closed, actor, now, "resume token redeemed by the order system", before, new()
        {
            ["resumeTokenId"] = token.TokenId,
            ["orderVersion"] = orderVersion,
            ["resolution"] = ResolutionDecision,
        });
        return new ResumeInstruction(token.ServiceOrderItemId, token.FailedStepKey, token.Mode, token.EvidenceId, token.CorrectionActionIds);
    }

    /// <summary>A supervisor re-issues a token that expired unused; the old one stays expired.</summary>
    public ResumeToken ReissueResumeToken(string reason, TimeSpan tokenLifetime, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.REISSUE_RESUME_TOKEN, Status);
        var current = ResumeToken ?? throw DomainException.InvalidTransition("The case has no resume token to re-issue.");
        if (current.StatusAt(now) != ResumeTokenStatus.EXPIRED)
        {
            throw DomainException.InvalidTransition("Only an expired resume token can be re-issued.");
        }
        var before = Snapshot();
        current.Expire();
        var token = IssueToken(current.Mode, current.EvidenceId, tokenLifetime, actor, now);
        // The order system cannot read cases: it learns the new token from this event.
        Record("RESUME_TOKEN_REISSUED", CaseEventTypes.ResumeTokenReissued, actor, now, reason, before, new()
        {
            ["resumeTokenId"] = token.TokenId,
            ["previousTokenId"] = current.TokenId,
            ["expiresAt"] = token.ExpiresAt,
            ["resumeMode"] = token.Mode,
            ["evidenceId"] = token.EvidenceId,
            ["expectedOrderVersion"] = token.ExpectedOrderVersion,
        });
        return token;
    }

    public void Close(string reason, Actor actor, DateTimeOffset now)
    {
        if (Status == CaseStatus.RESOLVED_RESUME)
        {
            throw DomainException.InvalidTransition("A case resolved for resume closes only when the order system redeems its resume token.");
        }
        CaseStateTable.EnsureAllowed(CaseCommand.CLOSE, Status);
        ClosedAt = now;
        Move(CaseStatus.CLOSED, "CASE_CLOSED", actor, now, reason, eventType: CaseEventTypes.Closed);
    }

    /// <summary>Cancels a case that should not exist (false positive, duplicate) before any correction was proposed.</summary>
    public void Cancel(string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.CANCEL, Status);
        CancellationReason = reason;
        ClosedAt = now;
        Move(CaseStatus.CANCELLED, "CASE_CANCELLED", actor, now, reason);
    }

    /// <summary>The only way order, item and resource references change after intake: explicit and audited.</summary>
    public void Relink(string? serviceOrderId, string? serviceOrderItemId, string? resourceId, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.RELINK, Status);
        var before = Snapshot();
        var fields = new Dictionary<string, object?>
        {
            ["previousServiceOrderId"] = ServiceOrderId,
            ["previousServiceOrderItemId"] = ServiceOrderItemId,
            ["previousResourceId"] = ResourceId,
        };
        ServiceOrderId = serviceOrderId ?? ServiceOrderId;
        ServiceOrderItemId = serviceOrderItemId ?? ServiceOrderItemId;
        ResourceId = resourceId ?? ResourceId;
        fields["resourceId"] = ResourceId;
        Record("CASE_RELINKED", null, actor, now, reason, before, fields);
        MaterialVersion = Version;
    }

    /// <summary>
    /// Links the case to an incident that caused it. A case nobody is correcting yet (QUEUED, ASSIGNED, IN_PROGRESS)
    /// is parked in WAITING_INCIDENT so it is not worked one by one while the incident lasts; a case already waiting
    /// on something else, or further along (a correction proposed or applied), keeps its state and is only linked.
    /// </summary>
    public void LinkIncident(Guid incidentId, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.LINK_INCIDENT, Status);
        if (IncidentId is { } current)
        {
            throw DomainException.InvalidTransition(current == incidentId
                ? $"The case is already linked to incident {incidentId}."
                : $"The case is linked to incident {current}; unlink it first.");
        }
        var before = Snapshot();
        var from = Status;
        IncidentId = incidentId;
        if (Status is CaseStatus.QUEUED or CaseStatus.ASSIGNED or CaseStatus.IN_PROGRESS)
        {
            Status = CaseStatus.WAITING_INCIDENT;
            WaitingFor = Domain.WaitingFor.INCIDENT;
            WaitingUntil = null;
        }
        Record("INCIDENT_LINKED", CaseEventTypes.IncidentLinked, actor, now, reason, before, new()
        {
            ["incidentId"] = incidentId,
            ["fromStatus"] = from,
            ["toStatus"] = Status,
        });
    }

    /// <summary>
    /// Removes the link to an incident. A case parked in WAITING_INCIDENT goes back to where its work stood:
    /// QUEUED when nobody owns it, ASSIGNED when its owner never started, else IN_PROGRESS.
    /// </summary>
    public void UnlinkIncident(Guid incidentId, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureAllowed(CaseCommand.UNLINK_INCIDENT, Status);
        if (IncidentId != incidentId)
        {
            throw DomainException.NotFound($"The case is not linked to incident {incidentId}.");
        }
        var before = Snapshot();
        var from = Status;
        IncidentId = null;
        if (Status is CaseStatus.WAITING_INCIDENT)
        {
            WaitingFor = null;
            WaitingUntil = null;
            Status = AssignedUser is null ? CaseStatus.QUEUED : FirstActionAt is null ? CaseStatus.ASSIGNED : CaseStatus.IN_PROGRESS;
        }
        Record("INCIDENT_UNLINKED", CaseEventTypes.IncidentUnlinked, actor, now, reason, before, new()
        {
            ["incidentId"] = incidentId,
            ["fromStatus"] = from,
            ["toStatus"] = Status,
        });
    }

    /// <summary>Moves the case's resolve-by time (SLA policy changes, pauses).</summary>
    public void RescheduleSla(DateTimeOffset dueAt) => SlaDueAt = dueAt;

    /// <summary>
    /// Records that one SLA clock breached (CONTRACT.md §7): the sweep calls this once per clock, which makes the
    /// case's one <c>FalloutCaseBreachedSla</c> for that clock. The state does not change.
    /// </summary>
    public void RecordSlaBreach(string clock, DateTimeOffset dueAt, Actor actor, DateTimeOffset now)
    {
        if (Status.IsTerminal())
        {
            throw DomainException.InvalidTransition($"The case is {Status}: a terminal case takes no command.");
        }
        Record("SLA_BREACHED", CaseEventTypes.BreachedSla, actor, now, $"{clock} was due at {dueAt:O}", Snapshot(), new()
        {
            ["clock"] = clock,
            ["dueAt"] = dueAt,
            ["severity"] = Severity,
            ["queue"] = Queue,
            ["assignedUser"] = AssignedUser,
        });
    }

    public CaseSnapshot Snapshot() => new(Status, Category, Severity, Queue, AssignedUser, Version, ActiveCorrection?.Status);

    private ResumeToken IssueToken(ResumeMode mode, Guid evidenceId, TimeSpan lifetime, Actor actor, DateTimeOffset now)
    {
        var correctionIds = _corrections.Where(c => c.Status is CorrectionStatus.APPLIED or CorrectionStatus.VERIFIED).Select(c => c.Id).ToList();
        var token = new ResumeToken(Guid.CreateVersion7(now), Id, ServiceOrderItemId!, FailedStepKey!, mode, evidenceId, correctionIds,
            now, now + lifetime, OrderVersion, actor.Id);
        _resumeTokens.Add(token);
        return token;
    }

    private CorrectionAction FindCorrection(Guid correctionId) =>
        _corrections.FirstOrDefault(c => c.Id == correctionId)
        ?? throw DomainException.NotFound($"Correction action {correctionId} is not on this case.");

    private static ResumeMode DefaultMode(ResolutionDecision decision) => decision switch
    {
        Domain.ResolutionDecision.RESUME => ResumeMode.RETRY_FAILED_STEP,
        Domain.ResolutionDecision.CANCEL => ResumeMode.CANCEL_ITEM,
        _ => ResumeMode.COMPENSATE_AND_CLOSE,
    };

    private static bool ModeFits(ResolutionDecision decision, ResumeMode mode) => decision switch
    {
        Domain.ResolutionDecision.RESUME => mode is ResumeMode.RETRY_FAILED_STEP or ResumeMode.SKIP_STEP_ALREADY_DONE or ResumeMode.REPLAN_FROM_STEP,
        Domain.ResolutionDecision.CANCEL => mode is ResumeMode.CANCEL_ITEM,
        _ => mode is ResumeMode.COMPENSATE_AND_CLOSE,
    };

    private void Move(CaseStatus to, string action, Actor actor, DateTimeOffset now, string? reason, Guid? correctionId = null, string? eventType = null)
    {
        var before = Snapshot();
        var from = Status;
        Status = to;
        Record(action, eventType ?? CaseEventTypes.StateChanged, actor, now, reason, before, new()
        {
            ["fromStatus"] = from,
            ["toStatus"] = to,
        }, correctionId);
    }

    private void Record(string action, string? eventType, Actor actor, DateTimeOffset now, string? reason, CaseSnapshot? before,
        Dictionary<string, object?> fields, Guid? correctionId = null)
    {
        Version++;
        UpdatedAt = now;
        fields["status"] = Status;
        _changes.Add(new CaseChange(action, eventType, fields, actor.Id, reason, correctionId, before, Snapshot(), now));
    }
}
