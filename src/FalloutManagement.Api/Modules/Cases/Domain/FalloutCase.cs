using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;

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
    bool CustomerNotificationRequired = false, string? EscalationRule = null)
{
    /// <summary>The executor that carries the correction out (null: a person does, and the operator applies it).</summary>
    public CorrectionExecutor? Executor { get; init; }

    /// <summary>The queue of the mandatory review task an escalation rule creates (null: the case's own queue).</summary>
    public string? EscalationQueue { get; init; }
}

/// <summary>The owning system chosen for a correction at proposal: its executor code and how long it has to report.</summary>
public sealed record CorrectionExecutor(string Code, TimeSpan ResultDeadline);

/// <summary>An executor's report of a dispatched correction, with the read-back it observed.</summary>
public sealed record ExecutionReport(Guid CommandId, ExecutionOutcome Outcome, string Detail, string? ExternalRef, ReadBack? ReadBack);

/// <summary>What the executor read back after acting: it becomes an evidence item captured by the executor.</summary>
public sealed record ReadBack(EvidenceType EvidenceType, string Source, string? StorageRef, string? Checksum, long? ContentLength);

/// <summary>How a report was taken: decided the execution, recorded late, or a replay of the same report (nothing changed).</summary>
public enum ExecutionReportEffect { DECIDED, RECORDED_LATE, REPLAYED }

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
    private readonly List<ExternalUpdate> _externalUpdates = [];
    private readonly List<ResourceReservation> _reservations = [];

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

    /// <summary>The partner or executor code the wait is on (<c>party</c> of <c>wait</c>): only that party may end it by an external update.</summary>
    public string? WaitingParty { get; private set; }
    public Guid? IncidentId { get; private set; }

    /// <summary>When the case was first classified (at intake by rule, or by hand); time to classify starts at intake.</summary>
    public DateTimeOffset? ClassifiedAt { get; private set; }
    public int OccurrenceCount { get; private set; }

    /// <summary>When the last occurrence arrived (the intake appends later ones without a new version).</summary>
    public DateTimeOffset LastOccurrenceAt { get; private set; }
    public int EscalationLevel { get; private set; }

    /// <summary>When the sweep asked the charging executor to suspend the service (seed §31); set once.</summary>
    public DateTimeOffset? ServiceSuspensionRequestedAt { get; private set; }

    /// <summary>When the case must be resolved; the list is ordered by it.</summary>
    public DateTimeOffset SlaDueAt { get; private set; }

    /// <summary>The <see cref="SlaDueAt"/> of a case no SLA clock runs for (stored for ordering; reads show null).</summary>
    public static readonly DateTimeOffset NoSlaRunning = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
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
    public IReadOnlyList<ExternalUpdate> ExternalUpdates => _externalUpdates;
    public IReadOnlyList<ResourceReservation> Reservations => _reservations;

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
        fallout.Record("CASE_DETECTED", new FalloutCaseDetected(report.SourceSystem, report.SourceEventId, report.ReasonCode,
            report.FailedStepKey, fallout.Severity, fallout.Queue), reporter, now, reason: report.Message, before: null);
        if (routing is not null)
        {
            fallout.Route(routing, reporter, now, "classified at intake by rule");
        }
        return fallout;
    }

    public void Classify(CaseRouting routing, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.CLASSIFY, new RuleContext(this, actor, now));
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
        Record("CASE_CLASSIFIED", new FalloutCaseClassified(routing.Category, routing.Severity, routing.Queue), actor, now, reason, before);
        Move(CaseStatus.QUEUED, "CASE_QUEUED", actor, now, reason);
        MaterialVersion = Version;
    }

    /// <summary>Assigns to <paramref name="user"/> (a claim when it is the actor). A hand-over keeps IN_PROGRESS and WAITING_*.</summary>
    public void Assign(string user, string? queue, string? reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.ASSIGN, new RuleContext(this, actor, now));
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
        Record("CASE_ASSIGNED", new FalloutCaseAssigned(user, previous, Queue, previous is not null), actor, now, reason, before);
        MaterialVersion = Version;
    }

    public void Start(Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.START, new RuleContext(this, actor, now));
        FirstActionAt ??= now;
        Move(CaseStateTable.TargetOf(CaseCommand.START), "CASE_STARTED", actor, now, null);
    }

    public void Wait(WaitingFor waitingFor, string reason, DateTimeOffset? until, Actor actor, DateTimeOffset now, string? party = null)
    {
        CaseStateTable.Ensure(CaseCommand.WAIT, new RuleContext(this, actor, now));
        if (until is not null && until <= now)
        {
            throw DomainException.Validation("until", "The wait must end in the future.");
        }
        if (party is not null && waitingFor == Domain.WaitingFor.INCIDENT)
        {
            throw DomainException.Validation("party", "A wait on an incident names no party; link the incident instead.");
        }
        WaitingFor = waitingFor;
        WaitingUntil = until;
        WaitingParty = party;
        Move(waitingFor.ToStatus(), "CASE_WAITING", actor, now, reason);
    }

    public void Continue(Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.CONTINUE, new RuleContext(this, actor, now));
        EndWait();
        Move(CaseStateTable.TargetOf(CaseCommand.CONTINUE), "CASE_CONTINUED", actor, now, null);
    }

    /// <summary>
    /// The party the case waits on reports back (docs/api-guide.md, "External participants"): the evidence it captured is attached, the update is kept, and
    /// the case returns to IN_PROGRESS (its SLA clocks resume). <paramref name="failedAppointmentsBefore"/> counts the failed
    /// appointments of the same service order item on every case before this one; when this update makes them reach
    /// <paramref name="failedAppointmentLimit"/>, a mandatory customer-care decision task is created, which blocks resolution.
    /// </summary>
    public ExternalUpdate ReceiveExternalUpdate(string party, string participantRole, string? updateId, WaitingFor waitingFor, ExternalOutcome outcome,
        string detail, ParticipantEvidence? evidence, int failedAppointmentsBefore, int failedAppointmentLimit, string? customerCareQueue, Actor actor,
        DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.EXTERNAL_UPDATE, new RuleContext(this, actor, now) { Party = party, WaitingFor = waitingFor });
        var evidenceItem = evidence is null
            ? null
            : AttachEvidenceUnchecked(evidence.EvidenceType, evidence.Source, evidence.StorageRef, evidence.Checksum, null, evidence.CustomerVisible,
                false, null, actor, now, null);
        var update = new ExternalUpdate(Guid.CreateVersion7(now), Id, party, updateId, waitingFor, outcome, detail, evidenceItem?.Id,
            ServiceOrderItemId, actor.Id, now);
        _externalUpdates.Add(update);
        var failed = failedAppointmentsBefore + _externalUpdates.Count(u => u.Outcome.IsFailedAppointment());
        EndWait();
        Move(CaseStateTable.TargetOf(CaseCommand.EXTERNAL_UPDATE), "EXTERNAL_UPDATE_RECEIVED", actor, now, detail,
            eventOf: (f, to) => new FalloutCaseExternalUpdateReceived(update.Id, party, participantRole, waitingFor, outcome, detail, evidenceItem?.Id,
                failed, f, to));
        if (outcome.IsFailedAppointment() && failed >= failedAppointmentLimit
            && !_tasks.Any(t => t.TaskType == CustomerCareDecisionTask && t.Status == CaseTaskStatus.OPEN))
        {
            AddTask(CustomerCareDecisionTask,
                $"{failed} failed appointments for service order item {ServiceOrderItemId}: customer care decides whether to reschedule or cancel.",
                customerCareQueue, null, mandatory: true, Actor.System("appointment-policy"), now);
        }
        return update;
    }

    /// <summary>The task type that the failed-appointment policy creates; a mandatory task blocks resolution until customer care completes it.</summary>
    public const string CustomerCareDecisionTask = "CUSTOMER_CARE_DECISION";

    /// <summary>The wait passed its <c>waitingUntil</c>: the sweep returns the case to IN_PROGRESS (SLA clocks resume).</summary>
    public void ExpireWait(Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.EXPIRE_WAIT, new RuleContext(this, actor, now));
        var until = WaitingUntil!.Value;
        var waitingFor = WaitingFor!.Value;
        var party = WaitingParty;
        EndWait();
        Move(CaseStateTable.TargetOf(CaseCommand.EXPIRE_WAIT), "WAIT_EXPIRED", actor, now, $"waited for {waitingFor} until {until:O}",
            eventOf: (from, to) => new FalloutCaseWaitExpired(waitingFor, party, until, from, to));
    }

    private void EndWait()
    {
        WaitingFor = null;
        WaitingUntil = null;
        WaitingParty = null;
    }

    /// <summary>Holds a resource for the case until <paramref name="expiresAt"/>; at expiry the inventory is asked to release or quarantine it.</summary>
    public ResourceReservation HoldReservation(string resourceId, string kind, DateTimeOffset expiresAt, ReservationExpiryAction onExpiry, Actor actor,
        DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.HOLD_RESERVATION, new RuleContext(this, actor, now));
        if (expiresAt <= now)
        {
            throw DomainException.Validation("expiresAt", "A reservation must expire in the future.");
        }
        if (_reservations.Any(r => r.ResourceId == resourceId && r.Status == ReservationStatus.HELD))
        {
            throw DomainException.InvalidTransition($"Resource {resourceId} is already held for this case.");
        }
        var before = Snapshot();
        var reservation = new ResourceReservation(Guid.CreateVersion7(now), Id, resourceId, kind, expiresAt, onExpiry, actor.Id, now);
        _reservations.Add(reservation);
        Record("RESERVATION_HELD", new FalloutResourceReservationHeld(reservation.Id, resourceId, kind, expiresAt, onExpiry), actor, now, null, before);
        return reservation;
    }

    /// <summary>The sweep expires a held reservation whose TTL passed; its event asks the inventory to release or quarantine the resource.</summary>
    public void ExpireReservation(Guid reservationId, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.EXPIRE_RESERVATION, new RuleContext(this, actor, now) { ReservationId = reservationId });
        var reservation = _reservations.First(r => r.Id == reservationId);
        var before = Snapshot();
        reservation.Expire(now);
        Record("RESERVATION_EXPIRED", new FalloutResourceReservationExpired(reservation.Id, reservation.ResourceId, reservation.Kind,
            reservation.ExpiresAt, reservation.OnExpiry), actor, now, null, before);
    }

    /// <summary>
    /// The sweep reports a decision token that expired unused (any mode): the token is marked expired and the case goes to
    /// <paramref name="supervisorQueue"/> (its queue's escalation queue, or the same queue) one escalation level up, where a
    /// supervisor re-issues the token or re-evaluates. The state stays RESOLVED_*.
    /// </summary>
    public void ReportTokenExpired(Guid tokenId, string supervisorQueue, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.EXPIRE_DECISION_TOKEN, new RuleContext(this, actor, now) { TokenId = tokenId });
        var token = _resumeTokens.First(t => t.TokenId == tokenId);
        var before = Snapshot();
        var fromQueue = Queue;
        token.Expire();
        Queue = supervisorQueue;
        EscalationLevel++;
        Record("RESUME_TOKEN_EXPIRED", new FalloutResumeTokenExpired(token.TokenId, token.Mode, token.ExpiresAt, fromQueue, Queue), actor, now,
            $"the {token.Mode} token expired unused at {token.ExpiresAt:O}", before);
        MaterialVersion = Version;
    }

    /// <summary>
    /// The sweep: the charging of the case's service was not repaired by <paramref name="deadline"/> (seed §31), so
    /// <paramref name="executor"/> (billing and charging) is asked, once, to suspend the service. The state stays; the
    /// correction goes on and a later resolution resumes the order as usual.
    /// </summary>
    public void RequestServiceSuspension(string executor, DateTimeOffset deadline, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.REQUEST_SERVICE_SUSPENSION, new RuleContext(this, actor, now) { Deadline = deadline });
        var before = Snapshot();
        ServiceSuspensionRequestedAt = now;
        Record("SERVICE_SUSPENSION_REQUESTED", new FalloutServiceSuspendRequested(executor, ServiceOrderId, ServiceOrderItemId, ImpactedServiceId,
            ReasonCode, deadline), actor, now, $"charging not repaired by {deadline:O}: {executor} is asked to suspend the service", before);
    }

    /// <summary>Raises the escalation level and optionally the severity and queue; the state stays as it is.</summary>
    public void Escalate(string reason, string? toQueue, bool raiseSeverity, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.ESCALATE, new RuleContext(this, actor, now));
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
        Record("CASE_ESCALATED", new FalloutCaseEscalated(fromQueue, Queue, Severity, EscalationLevel), actor, now, reason, before);
        MaterialVersion = Version;
        VoidOutdatedCorrection(now);
    }

    public CaseTask CreateTask(string taskType, string instruction, string? queue, string? user, bool mandatory, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.CREATE_TASK, new RuleContext(this, actor, now));
        return AddTask(taskType, instruction, queue, user, mandatory, actor, now);
    }

    private CaseTask AddTask(string taskType, string instruction, string? queue, string? user, bool mandatory, Actor actor, DateTimeOffset now)
    {
        var before = Snapshot();
        var task = new CaseTask(Guid.CreateVersion7(now), Id, taskType, instruction, queue ?? Queue, user, mandatory, actor.Id, now);
        _tasks.Add(task);
        Record("TASK_CREATED", new FalloutTaskCreated(task.Id, taskType, mandatory, task.Queue, user), actor, now, instruction, before);
        return task;
    }

    /// <summary>Gives an open task to a person and/or a queue (a field team, a partner desk), with the reason recorded.</summary>
    public CaseTask AssignTask(Guid taskId, string? user, string? queue, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.ASSIGN_TASK, new RuleContext(this, actor, now));
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
        task.Assign(user ?? task.AssignedUser, queue ?? task.Queue);
        Record("TASK_ASSIGNED", null, actor, now, reason, before);
        return task;
    }

    public CaseTask CompleteTask(Guid taskId, string outcome, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.COMPLETE_TASK, new RuleContext(this, actor, now));
        var task = _tasks.FirstOrDefault(t => t.Id == taskId) ?? throw DomainException.NotFound($"Task {taskId} is not on this case.");
        if (task.Status == CaseTaskStatus.DONE)
        {
            throw DomainException.InvalidTransition("The task is already done.");
        }
        var before = Snapshot();
        task.Complete(outcome, actor.Id, now);
        Record("TASK_COMPLETED", null, actor, now, outcome, before);
        return task;
    }

    /// <summary>
    /// Proposes a typed correction. The policy decides risk and approval: a correction needing approval moves the
    /// case to APPROVAL_REQUIRED, else to CORRECTION_PROPOSED.
    /// </summary>
    public CorrectionAction ProposeCorrection(CorrectionType type, string payloadJson, string reason, CorrectionDecision decision,
        string? idempotencyKey, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.PROPOSE_CORRECTION, new RuleContext(this, actor, now));
        var before = Snapshot();
        var correction = new CorrectionAction(Guid.CreateVersion7(now), Id, type, payloadJson, reason, decision.RiskLevel,
            decision.ApprovalRequired, decision.RequiredEvidence, decision.PolicyRef, idempotencyKey, actor.Id, now,
            basedOnVersion: Version + 1, decision.Executor?.Code, decision.Executor?.ResultDeadline);
        _corrections.Add(correction);
        FirstActionAt ??= now;
        Status = decision.ApprovalRequired ? CaseStatus.APPROVAL_REQUIRED : CaseStatus.CORRECTION_PROPOSED;
        Record("CORRECTION_PROPOSED", new FalloutCorrectionProposed(correction.Id, type, decision.RiskLevel, reason,
            CorrectionCatalog.PayloadDigest(payloadJson), decision.ApprovalRequired, actor.Id, correction.Executor, decision.RequiredEvidence,
            decision.PolicyRef, decision.CustomerNotificationRequired, decision.EscalationRule), actor, now, reason, before, correction.Id);
        ExecuteEscalationRule(correction, decision, now);
        DispatchWhenAllowed(correction, actor, now);
        return correction;
    }

    /// <summary>The actor of what a correction's policy does beyond the correction (its escalation rule).</summary>
    public static readonly Actor ActionPolicy = Actor.System("action-policy");

    /// <summary>
    /// Carries out the escalation rule of the policy that decided the correction, in the proposal's transaction.
    /// <c>NOTIFY_SUPERVISOR</c> raises the escalation level (<c>FalloutCaseEscalated</c>; queue, severity and owner stay, so the
    /// approval is not voided); <c>CUSTOMER_CARE_DECISION</c>, <c>REVENUE_ASSURANCE_REVIEW</c> and <c>FRAUD_REVIEW</c> create a
    /// mandatory task of that type in the decision's <see cref="CorrectionDecision.EscalationQueue"/> (one open at a time), which
    /// blocks resolution until the reviewers complete it.
    /// </summary>
    private void ExecuteEscalationRule(CorrectionAction correction, CorrectionDecision decision, DateTimeOffset now)
    {
        if (!Enum.TryParse<EscalationRule>(decision.EscalationRule, out var rule) || rule == Domain.EscalationRule.NONE)
        {
            return;
        }
        var why = $"escalation rule {rule} of policy {decision.PolicyRef} for the {correction.Type} correction {correction.Id}";
        if (rule == Domain.EscalationRule.NOTIFY_SUPERVISOR)
        {
            var before = Snapshot();
            EscalationLevel++;
            Record("CASE_ESCALATED", new FalloutCaseEscalated(Queue, Queue, Severity, EscalationLevel), ActionPolicy, now, why, before, correction.Id);
            return;
        }
        var taskType = rule.ToString();
        if (!_tasks.Any(t => t.TaskType == taskType && t.Status == CaseTaskStatus.OPEN))
        {
            AddTask(taskType, $"Review the {correction.Type} correction {correction.Id} ({why}).", decision.EscalationQueue, null, mandatory: true,
                ActionPolicy, now);
        }
    }

    /// <summary>The checker's decision. Maker and checker differ, the checker holds the approver role, and HIGH/CRITICAL needs step-up.</summary>
    public CorrectionAction DecideCorrection(Guid correctionId, bool approve, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureState(approve ? CaseCommand.APPROVE_CORRECTION : CaseCommand.REJECT_CORRECTION, new RuleContext(this, actor, now));
        var correction = FindCorrection(correctionId);
        CaseStateTable.EnsureRules(approve ? CaseCommand.APPROVE_CORRECTION : CaseCommand.REJECT_CORRECTION,
            new RuleContext(this, actor, now) { CorrectionId = correction.Id });
        var before = Snapshot();
        if (approve)
        {
            correction.Approve(actor.Id, reason, now);
            Status = CaseStateTable.TargetOf(CaseCommand.APPROVE_CORRECTION);
        }
        else
        {
            correction.Reject(actor.Id, reason, now);
            Status = CaseStateTable.TargetOf(CaseCommand.REJECT_CORRECTION);
        }
        Record(approve ? "CORRECTION_APPROVED" : "CORRECTION_REJECTED", approve
                ? new FalloutCorrectionApproved(correction.Id, correction.Type, correction.RiskLevel, correction.ProposedBy, actor.Id,
                    correction.PolicyRef, correction.Executor)
                : new FalloutCorrectionRejected(correction.Id, correction.Type, correction.RiskLevel, correction.ProposedBy, actor.Id,
                    correction.PolicyRef, correction.Executor),
            actor, now, reason, before, correction.Id);
        if (approve)
        {
            DispatchWhenAllowed(correction, actor, now);
        }
        return correction;
    }

    public CorrectionAction ApplyCorrection(Guid correctionId, string resultJson, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.EnsureState(CaseCommand.APPLY_CORRECTION, new RuleContext(this, actor, now) { CorrectionId = correctionId });
        var correction = FindCorrection(correctionId);
        CaseStateTable.EnsureRules(CaseCommand.APPLY_CORRECTION, new RuleContext(this, actor, now) { CorrectionId = correction.Id });
        var before = Snapshot();
        correction.Apply(resultJson, actor.Id, now);
        Status = CaseStateTable.TargetOf(CaseCommand.APPLY_CORRECTION);
        Record("CORRECTION_APPLIED", new FalloutCorrectionApplied(correction.Id, correction.Type, actor.Id, CorrectionCatalog.PayloadOf(resultJson)),
            actor, now, null, before, correction.Id);
        return correction;
    }

    public void Verify(Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.VERIFY, new RuleContext(this, actor, now));
        Move(CaseStateTable.TargetOf(CaseCommand.VERIFY), "VERIFICATION_STARTED", actor, now, null, ActiveCorrection?.Id);
    }

    public void VerificationFailed(string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.VERIFICATION_FAILED, new RuleContext(this, actor, now));
        var correction = ActiveCorrection;
        correction?.MarkVerificationFailed();
        Move(CaseStateTable.TargetOf(CaseCommand.VERIFICATION_FAILED), "VERIFICATION_FAILED", actor, now, reason, correction?.Id);
    }

    public EvidenceItem AttachEvidence(EvidenceType type, string source, string? storageRef, string? checksum, long? contentLength,
        bool customerVisible, bool provesResolution, Guid? supersedesEvidenceId, Actor actor, DateTimeOffset now, Guid? evidenceId = null)
    {
        CaseStateTable.Ensure(CaseCommand.ATTACH_EVIDENCE, new RuleContext(this, actor, now));
        return AttachEvidenceUnchecked(type, source, storageRef, checksum, contentLength, customerVisible, provesResolution, supersedesEvidenceId, actor,
            now, evidenceId);
    }

    private EvidenceItem AttachEvidenceUnchecked(EvidenceType type, string source, string? storageRef, string? checksum, long? contentLength,
        bool customerVisible, bool provesResolution, Guid? supersedesEvidenceId, Actor actor, DateTimeOffset now, Guid? evidenceId)
    {
        if (supersedesEvidenceId is { } superseded && _evidence.All(e => e.Id != superseded))
        {
            throw DomainException.Validation("supersedesEvidenceId", "The superseded evidence is not on this case.");
        }
        var before = Snapshot();
        var item = new EvidenceItem(evidenceId ?? Guid.CreateVersion7(now), Id, type, source, storageRef, checksum, contentLength, actor.Id, now,
            customerVisible, provesResolution, supersedesEvidenceId);
        _evidence.Add(item);
        Record("EVIDENCE_ATTACHED", new FalloutEvidenceAttached(item.Id, type, provesResolution, customerVisible, supersedesEvidenceId, checksum),
            actor, now, null, before);
        if (ActiveCorrection is { } correction)
        {
            DispatchWhenAllowed(correction, actor, now);
        }
        return item;
    }

    /// <summary>
    /// The executor's result for the command it was sent. A replay of the recorded report answers the same and changes
    /// nothing; another outcome for the same command is 409 RESULT_CONFLICT. In time, SUCCEEDED applies the correction
    /// (CORRECTION_APPLIED) and FAILED/REJECTED returns the case to its operator (IN_PROGRESS); after a time-out the
    /// report is recorded and moves nothing. A read-back becomes an evidence item captured by the executor.
    /// </summary>
    public (CorrectionAction Correction, ExecutionReportEffect Effect) ReportExecutionResult(Guid correctionId, string executor,
        ExecutionReport report, Actor actor, DateTimeOffset now, Guid? readBackEvidenceId = null)
    {
        var correction = _corrections.FirstOrDefault(c => c.Id == correctionId && c.Executor == executor && c.CommandId is not null)
            ?? throw DomainException.NotFound($"Correction action {correctionId} was not dispatched to executor {executor}.");
        if (correction.CommandId != report.CommandId)
        {
            throw new DomainException(StatusCodes.Status409Conflict, ProblemCodes.UnknownCommand, "Unknown command",
                $"Correction {correctionId} was dispatched with command {correction.CommandId}, not {report.CommandId}.");
        }
        if (correction.ReportedOutcome is { } recorded)
        {
            return recorded == report.Outcome
                ? (correction, ExecutionReportEffect.REPLAYED)
                : throw new DomainException(StatusCodes.Status409Conflict, ProblemCodes.ResultConflict, "Result conflict",
                    $"Command {report.CommandId} already has the outcome {recorded}; {report.Outcome} contradicts it.");
        }
        if (correction.ExecutionStatus == ExecutionStatus.TIMED_OUT)
        {
            // Recorded (the correction, the audit, the event, a read-back as evidence) but the case does not move: its
            // version stays, so the owner's ETag stays good.
            var evidence = AddReadBack(report.ReadBack, actor, now, readBackEvidenceId, movesCase: false);
            var late = Snapshot();
            correction.Report(report.Outcome, report.Detail, report.ExternalRef, evidence, actor.Id, now);
            Note("EXECUTION_RESULT_LATE", new FalloutCorrectionExecutionResultLate(report.CommandId, correction.Id, executor, report.Outcome,
                report.Detail, report.ExternalRef), actor, now, report.Detail, late, correction.Id);
            return (correction, ExecutionReportEffect.RECORDED_LATE);
        }
        CaseStateTable.Ensure(CaseCommand.REPORT_EXECUTION_RESULT, new RuleContext(this, actor, now) { CorrectionId = correction.Id });
        var readBack = AddReadBack(report.ReadBack, actor, now, readBackEvidenceId);
        var before = Snapshot();
        correction.Report(report.Outcome, report.Detail, report.ExternalRef, readBack, actor.Id, now);
        if (report.Outcome == ExecutionOutcome.SUCCEEDED)
        {
            Status = CaseStatus.CORRECTION_APPLIED;
            Record("CORRECTION_APPLIED", new FalloutCorrectionApplied(correction.Id, correction.Type, actor.Id,
                CorrectionCatalog.PayloadOf(correction.ResultJson!)), actor, now, report.Detail, before, correction.Id);
        }
        else
        {
            Status = CaseStatus.IN_PROGRESS;
            Record("CORRECTION_EXECUTION_FAILED", new FalloutCorrectionExecutionFailed(report.CommandId, correction.Id, correction.Type, executor,
                report.Outcome, report.Detail, report.ExternalRef), actor, now, report.Detail, before, correction.Id);
        }
        return (correction, ExecutionReportEffect.DECIDED);
    }

    /// <summary>The sweep: no result by the deadline. The execution is TIMED_OUT and the case back with its operator (IN_PROGRESS).</summary>
    public CorrectionAction TimeOutExecution(Actor actor, DateTimeOffset now)
    {
        var correction = ActiveCorrection;
        CaseStateTable.Ensure(CaseCommand.TIME_OUT_EXECUTION, new RuleContext(this, actor, now) { CorrectionId = correction?.Id });
        var before = Snapshot();
        correction!.TimeOut();
        Status = CaseStateTable.TargetOf(CaseCommand.TIME_OUT_EXECUTION);
        Record("CORRECTION_EXECUTION_TIMED_OUT", new FalloutCorrectionExecutionTimedOut(correction.CommandId!.Value, correction.Id, correction.Type,
            correction.Executor!, correction.ExecutionDeadline!.Value), actor, now,
            $"{correction.Executor} sent no result by {correction.ExecutionDeadline:O}", before, correction.Id);
        return correction;
    }

    /// <summary>
    /// Sends the correction to its executor once its policy is satisfied (approved where required, required evidence
    /// present, not outdated): the one <c>FalloutCorrectionExecutionRequested</c>, the only event with the payload.
    /// </summary>
    private void DispatchWhenAllowed(CorrectionAction correction, Actor actor, DateTimeOffset now)
    {
        if (CaseStateTable.Refusal(CaseCommand.DISPATCH_CORRECTION, new RuleContext(this, actor, now) { CorrectionId = correction.Id }) is not null)
        {
            return;
        }
        var before = Snapshot();
        correction.Dispatch(Guid.CreateVersion7(now), now);
        var evidenceIds = _evidence.Where(e => correction.RequiredEvidence.Contains(e.EvidenceType)).Select(e => e.Id).ToList();
        Record("CORRECTION_DISPATCHED", new FalloutCorrectionExecutionRequested(correction.CommandId!.Value, correction.Id, Version + 1,
            correction.Type, CorrectionCatalog.PayloadOf(correction.PayloadJson), correction.Executor!, correction.ApprovedBy, evidenceIds,
            correction.ExecutionDeadline!.Value), actor, now, $"sent to {correction.Executor}", before, correction.Id);
    }

    private Guid? AddReadBack(ReadBack? readBack, Actor actor, DateTimeOffset now, Guid? evidenceId, bool movesCase = true)
    {
        if (readBack is null)
        {
            return null;
        }
        var before = Snapshot();
        var item = new EvidenceItem(evidenceId ?? Guid.CreateVersion7(now), Id, readBack.EvidenceType, readBack.Source, readBack.StorageRef,
            readBack.Checksum, readBack.ContentLength, actor.Id, now, customerVisible: false, provesResolution: false, supersedesEvidenceId: null);
        _evidence.Add(item);
        var attached = new FalloutEvidenceAttached(item.Id, item.EvidenceType, false, false, null, readBack.Checksum);
        const string reason = "read-back reported with the execution result";
        if (movesCase)
        {
            Record("EVIDENCE_ATTACHED", attached, actor, now, reason, before);
        }
        else
        {
            Note("EVIDENCE_ATTACHED", attached, actor, now, reason, before);
        }
        return item.Id;
    }

    /// <summary>
    /// Resolves the case with a decision backed by evidence that proves the resolution. RESUME issues the
    /// one-time resume token for the order system.
    /// </summary>
    public void Resolve(ResolutionDecision decision, ResumeMode? mode, Guid evidenceId, string reason, TimeSpan tokenLifetime,
        Actor actor, DateTimeOffset now)
    {
        var context = new RuleContext(this, actor, now) { EvidenceId = evidenceId, Decision = decision };
        CaseStateTable.EnsureState(CaseCommand.RESOLVE, context);
        var resolvedMode = mode ?? DefaultMode(decision);
        if (!ModeFits(decision, resolvedMode))
        {
            throw DomainException.Validation("resumeMode", $"{resolvedMode} does not fit the decision {decision}.");
        }
        CaseStateTable.EnsureRules(CaseCommand.RESOLVE, context);
        var before = Snapshot();
        ResolutionDecision = decision;
        ResolutionMode = resolvedMode;
        ResolutionEvidenceId = evidenceId;
        ResolutionReason = reason;
        ResolvedBy = actor.Id;
        ResolvedAt = now;
        var correction = ActiveCorrection;
        correction?.MarkVerified();
        // Every decision needs the order's confirmation: order management redeems the token to close the case.
        var token = IssueToken(resolvedMode, evidenceId, tokenLifetime, actor, now);
        switch (decision)
        {
            case Domain.ResolutionDecision.RESUME:
                Status = CaseStatus.RESOLVED_RESUME;
                Record("CASE_RESOLVED", new FalloutCaseResolvedForResume(decision, resolvedMode, evidenceId, actor.Id, now, token.TokenId, token.ExpiresAt),
                    actor, now, reason, before, correction?.Id);
                break;
            case Domain.ResolutionDecision.CANCEL:
                Status = CaseStatus.RESOLVED_CANCEL;
                Record("CASE_RESOLVED", new FalloutCaseResolvedForCancellation(decision, resolvedMode, evidenceId, actor.Id, now, token.TokenId,
                    token.ExpiresAt),
                    actor, now, reason, before, correction?.Id);
                break;
            default:
                Status = CaseStatus.RESOLVED_COMPENSATE;
                Record("CASE_RESOLVED", new FalloutCaseResolvedForCompensation(decision, resolvedMode, evidenceId, actor.Id, now, token.TokenId,
                    token.ExpiresAt),
                    actor, now, reason, before, correction?.Id);
                break;
        }
    }

    /// <summary>
    /// Redeems the decision token (resume, cancel or compensate): exactly once, never after expiry, only at the expected order
    /// version. Closing the case here is the only way a resolved case closes: order management confirmed the decision.
    /// </summary>
    public ResumeInstruction RedeemResumeToken(Guid tokenId, long orderVersion, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.REDEEM_RESUME_TOKEN, new RuleContext(this, actor, now) { TokenId = tokenId, OrderVersion = orderVersion });
        var token = _resumeTokens.First(t => t.TokenId == tokenId);
        var before = Snapshot();
        token.Redeem(actor.Id, now);
        Status = CaseStateTable.TargetOf(CaseCommand.REDEEM_RESUME_TOKEN);
        ClosedAt = now;
        Record("RESUME_TOKEN_REDEEMED", new FalloutCaseClosed { ResumeTokenId = token.TokenId, OrderVersion = orderVersion, Resolution = ResolutionDecision },
            actor, now, "resume token redeemed by the order system", before);
        return new ResumeInstruction(token.ServiceOrderItemId, token.FailedStepKey, token.Mode, token.EvidenceId, token.CorrectionActionIds);
    }

    /// <summary>A supervisor re-issues a token that expired unused; the old one stays expired.</summary>
    public ResumeToken ReissueResumeToken(string reason, TimeSpan tokenLifetime, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.REISSUE_RESUME_TOKEN, new RuleContext(this, actor, now));
        var current = ResumeToken!;
        var before = Snapshot();
        current.Expire();
        var token = IssueToken(current.Mode, current.EvidenceId, tokenLifetime, actor, now);
        // The order system cannot read cases: it learns the new token from this event.
        Record("RESUME_TOKEN_REISSUED", new FalloutResumeTokenReissued(token.TokenId, current.TokenId, token.ExpiresAt, token.Mode, token.EvidenceId,
            token.ExpectedOrderVersion), actor, now, reason, before);
        return token;
    }

    public void Close(string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.CLOSE, new RuleContext(this, actor, now));
        ClosedAt = now;
        Move(CaseStateTable.TargetOf(CaseCommand.CLOSE), "CASE_CLOSED", actor, now, reason,
            eventOf: (from, to) => new FalloutCaseClosed { FromStatus = from, ToStatus = to });
    }

    /// <summary>Cancels a case that should not exist (false positive, duplicate) before any correction was proposed.</summary>
    public void Cancel(string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.CANCEL, new RuleContext(this, actor, now));
        CancellationReason = reason;
        ClosedAt = now;
        Move(CaseStateTable.TargetOf(CaseCommand.CANCEL), "CASE_CANCELLED", actor, now, reason);
    }

    /// <summary>The only way order, item and resource references change after intake: explicit and audited.</summary>
    public void Relink(string? serviceOrderId, string? serviceOrderItemId, string? resourceId, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.RELINK, new RuleContext(this, actor, now));
        var before = Snapshot();
        ServiceOrderId = serviceOrderId ?? ServiceOrderId;
        ServiceOrderItemId = serviceOrderItemId ?? ServiceOrderItemId;
        ResourceId = resourceId ?? ResourceId;
        Record("CASE_RELINKED", null, actor, now, reason, before);
        MaterialVersion = Version;
        VoidOutdatedCorrection(now);
    }

    /// <summary>Who voids a correction a material change outdated (VOID_OUTDATED_CORRECTION).</summary>
    public static readonly Actor MaterialChange = Actor.System("material-change");

    /// <summary>
    /// After a material change: a correction still waiting in CORRECTION_PROPOSED to be sent to its executor (its required
    /// evidence not there yet) can no longer be dispatched (its approval, or its proposal, is outdated) and nobody may apply
    /// it. Rather than leave the case stuck, the service rejects it (<c>FalloutCorrectionRejected</c> by
    /// <c>system:material-change</c>) and the case returns to IN_PROGRESS, where the operator proposes again.
    /// </summary>
    private void VoidOutdatedCorrection(DateTimeOffset now)
    {
        if (ActiveCorrection is not { } correction
            || CaseStateTable.Refusal(CaseCommand.VOID_OUTDATED_CORRECTION, new RuleContext(this, MaterialChange, now) { CorrectionId = correction.Id }) is not null)
        {
            return;
        }
        var before = Snapshot();
        var reason = $"the case changed at version {MaterialVersion}, after the correction was proposed at version {correction.BasedOnVersion}: propose it again";
        correction.Reject(MaterialChange.Id, reason, now);
        Status = CaseStateTable.TargetOf(CaseCommand.VOID_OUTDATED_CORRECTION);
        Record("CORRECTION_REJECTED", new FalloutCorrectionRejected(correction.Id, correction.Type, correction.RiskLevel, correction.ProposedBy,
            MaterialChange.Id, correction.PolicyRef, correction.Executor), MaterialChange, now, reason, before, correction.Id);
    }

    /// <summary>
    /// Links the case to an incident that caused it. A case nobody is correcting yet (QUEUED, ASSIGNED, IN_PROGRESS)
    /// is parked in WAITING_INCIDENT so it is not worked one by one while the incident lasts; a case already waiting
    /// on something else, or further along (a correction proposed or applied), keeps its state and is only linked.
    /// </summary>
    public void LinkIncident(Guid incidentId, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.LINK_INCIDENT, new RuleContext(this, actor, now) { IncidentId = incidentId });
        var before = Snapshot();
        var from = Status;
        IncidentId = incidentId;
        if (Status is CaseStatus.QUEUED or CaseStatus.ASSIGNED or CaseStatus.IN_PROGRESS)
        {
            Status = CaseStatus.WAITING_INCIDENT;
            WaitingFor = Domain.WaitingFor.INCIDENT;
            WaitingUntil = null;
        }
        else if (Status is CaseStatus.WAITING_INCIDENT)
        {
            // A wait on an incident with an `until` now waits on this incident: its recovery ends the wait, not the clock.
            WaitingUntil = null;
        }
        Record("INCIDENT_LINKED", new FalloutCaseLinkedToIncident(incidentId, from, Status), actor, now, reason, before);
    }

    /// <summary>
    /// Removes the link to an incident. A case parked in WAITING_INCIDENT goes back to where its work stood:
    /// QUEUED when nobody owns it, ASSIGNED when its owner never started, else IN_PROGRESS.
    /// </summary>
    public void UnlinkIncident(Guid incidentId, string reason, Actor actor, DateTimeOffset now)
    {
        CaseStateTable.Ensure(CaseCommand.UNLINK_INCIDENT, new RuleContext(this, actor, now) { IncidentId = incidentId });
        var before = Snapshot();
        var from = Status;
        IncidentId = null;
        if (Status is CaseStatus.WAITING_INCIDENT)
        {
            WaitingFor = null;
            WaitingUntil = null;
            Status = AssignedUser is null ? CaseStatus.QUEUED : FirstActionAt is null ? CaseStatus.ASSIGNED : CaseStatus.IN_PROGRESS;
        }
        Record("INCIDENT_UNLINKED", new FalloutCaseUnlinkedFromIncident(incidentId, from, Status), actor, now, reason, before);
    }

    /// <summary>Moves the case's resolve-by time (SLA policy changes, pauses).</summary>
    public void RescheduleSla(DateTimeOffset dueAt) => SlaDueAt = dueAt;

    /// <summary>
    /// Records that one SLA clock breached (docs/routing-and-sla.md): the sweep calls this once per clock, which makes the
    /// case's one <c>FalloutCaseBreachedSla</c> for that clock. The state does not change.
    /// </summary>
    public void RecordSlaBreach(string clock, DateTimeOffset dueAt, Actor actor, DateTimeOffset now)
    {
        if (Status.IsTerminal())
        {
            throw DomainException.InvalidTransition($"The case is {Status}: a terminal case takes no command.");
        }
        Record("SLA_BREACHED", new FalloutCaseBreachedSla(clock, dueAt, Severity, Queue, AssignedUser), actor, now, $"{clock} was due at {dueAt:O}",
            Snapshot());
    }

    public CaseSnapshot Snapshot() => new(Status, Category, Severity, Queue, AssignedUser, Version, ActiveCorrection?.Status);

    private ResumeToken IssueToken(ResumeMode mode, Guid evidenceId, TimeSpan lifetime, Actor actor, DateTimeOffset now)
    {
        var correctionIds = _corrections.Where(c => c.Status is CorrectionStatus.APPLIED or CorrectionStatus.VERIFIED).Select(c => c.Id).ToList();
        var token = new ResumeToken(Guid.CreateVersion7(now), Id, ServiceOrderItemId ?? "", FailedStepKey ?? "", mode, evidenceId, correctionIds,
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

    private void Move(CaseStatus to, string action, Actor actor, DateTimeOffset now, string? reason, Guid? correctionId = null,
        Func<CaseStatus, CaseStatus, CaseEvent>? eventOf = null)
    {
        var before = Snapshot();
        var from = Status;
        Status = to;
        Record(action, eventOf?.Invoke(from, to) ?? new FalloutCaseStateChanged(from, to), actor, now, reason, before, correctionId);
    }

    private void Record(string action, CaseEvent? domainEvent, Actor actor, DateTimeOffset now, string? reason, CaseSnapshot? before,
        Guid? correctionId = null)
    {
        Version++;
        UpdatedAt = now;
        Note(action, domainEvent, actor, now, reason, before, correctionId);
    }

    /// <summary>A change audited (and published when it has an event) that does not move the case: its version and <c>updatedAt</c> stay.</summary>
    private void Note(string action, CaseEvent? domainEvent, Actor actor, DateTimeOffset now, string? reason, CaseSnapshot? before,
        Guid? correctionId = null)
    {
        _changes.Add(new CaseChange(action, domainEvent, actor.Id, reason, correctionId, before, Snapshot(), now)
        {
            // The queue the case was in when the actor was let in (an escalation moves it).
            BreakGlassId = actor.GrantFor(Id, before?.Queue ?? Queue),
        });
    }
}
