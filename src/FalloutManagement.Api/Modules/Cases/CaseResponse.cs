using System.Text.Json;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases;

public sealed record MoneyDto(decimal Amount, string Currency);

public sealed record OccurrenceDto(Guid Id, string SourceSystem, string SourceEventId, string CorrelationId, string Message,
    DateTimeOffset? OccurredAt, DateTimeOffset ReceivedAt);

public sealed record TaskDto(Guid Id, string TaskType, string Instruction, string? Queue, string? User, bool Mandatory,
    CaseTaskStatus Status, string? Outcome, string CreatedBy, DateTimeOffset CreatedAt, string? CompletedBy, DateTimeOffset? CompletedAt)
{
    public static TaskDto From(CaseTask t) => new(t.Id, t.TaskType, t.Instruction, t.Queue, t.AssignedUser, t.Mandatory, t.Status,
        t.Outcome, t.CreatedBy, t.CreatedAt, t.CompletedBy, t.CompletedAt);
}

public sealed record CorrectionDto(Guid Id, CorrectionType Type, RiskLevel RiskLevel, CorrectionStatus Status, bool ApprovalRequired,
    string ProposedBy, DateTimeOffset ProposedAt, string? ApprovedBy, DateTimeOffset? DecidedAt, string? DecisionReason,
    JsonElement Payload, JsonElement? Result, string Reason, long BasedOnVersion, IReadOnlyList<EvidenceType> RequiredEvidence,
    string? PolicyRef, string? AppliedBy, DateTimeOffset? AppliedAt, string? Executor, ExecutionStatus ExecutionStatus, Guid? CommandId,
    DateTimeOffset? DispatchedAt, DateTimeOffset? ExecutionDeadline, ExecutionResultDto? ExecutionResult)
{
    /// <summary>The correction's steps from the audit trail; only <c>GET .../correction-actions/{caId}</c> fills it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CorrectionHistoryEntry>? History { get; init; }

    public static CorrectionDto From(CorrectionAction c) => new(c.Id, c.Type, c.RiskLevel, c.Status, c.ApprovalRequired, c.ProposedBy,
        c.ProposedAt, c.ApprovedBy, c.DecidedAt, c.DecisionReason, Parse(c.PayloadJson)!.Value, Parse(c.ResultJson), c.Reason,
        c.BasedOnVersion, c.RequiredEvidence, c.PolicyRef, c.AppliedBy, c.AppliedAt, c.Executor, c.ExecutionStatus, c.CommandId,
        c.DispatchedAt, c.ExecutionDeadline, ExecutionResultDto.From(c));

    internal static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

/// <summary>One step of a correction's life, from the case's audit trail (proposed, decided, dispatched, result, time-out...).</summary>
public sealed record CorrectionHistoryEntry(string Action, string Actor, DateTimeOffset At, string? Reason);

/// <summary>What the executor reported for its command (also when it came after the deadline: <c>late</c>).</summary>
public sealed record ExecutionResultDto(Guid CommandId, ExecutionOutcome Outcome, string Detail, string? ExternalRef, Guid? ReadBackEvidenceId,
    DateTimeOffset ReportedAt, bool Late)
{
    public static ExecutionResultDto? From(CorrectionAction c) => c is { ReportedOutcome: { } outcome, CommandId: { } command, ReportedAt: { } at }
        ? new(command, outcome, c.ExecutionDetail ?? "", c.ExternalRef, c.ReadBackEvidenceId, at, c.ExecutionStatus == ExecutionStatus.TIMED_OUT)
        : null;
}

public sealed record EvidenceDto(Guid Id, EvidenceType EvidenceType, string Source, string? StorageRef, string? Checksum,
    long? ContentLength, string CapturedBy, DateTimeOffset CapturedAt, bool CustomerVisible, bool ProvesResolution, Guid? SupersedesEvidenceId)
{
    public static EvidenceDto From(EvidenceItem e) => new(e.Id, e.EvidenceType, e.Source, e.StorageRef, e.Checksum, e.ContentLength,
        e.CapturedBy, e.CapturedAt, e.CustomerVisible, e.ProvesResolution, e.SupersedesEvidenceId);
}

public sealed record ResumeTokenDto(Guid TokenId, string ServiceOrderItemId, string FailedStepKey, ResumeMode Mode, Guid EvidenceId,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, long? ExpectedOrderVersion, ResumeTokenStatus Status, DateTimeOffset? RedeemedAt)
{
    public static ResumeTokenDto From(ResumeToken t, DateTimeOffset now) => new(t.TokenId, t.ServiceOrderItemId, t.FailedStepKey, t.Mode,
        t.EvidenceId, t.IssuedAt, t.ExpiresAt, t.ExpectedOrderVersion, t.StatusAt(now), t.RedeemedAt);
}

public sealed record ReservationDto(Guid Id, string ResourceId, string Kind, DateTimeOffset ExpiresAt, ReservationExpiryAction OnExpiry,
    ReservationStatus Status, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiredAt)
{
    public static ReservationDto From(ResourceReservation r) => new(r.Id, r.ResourceId, r.Kind, r.ExpiresAt, r.OnExpiry, r.Status, r.CreatedBy,
        r.CreatedAt, r.ExpiredAt);
}

public sealed record ResolutionDto(ResolutionDecision Decision, ResumeMode? ResumeMode, Guid? EvidenceId, string? Reason,
    string? ResolvedBy, DateTimeOffset? ResolvedAt);

/// <summary>The case's nearest SLA due time; null on a closed or cancelled case and when no clock runs (never 9999-12-31).</summary>
public sealed record SlaSummaryDto(DateTimeOffset DueAt, bool Breached, TimeSpan Remaining)
{
    public static DateTimeOffset? DueAtOf(FalloutCase c) =>
        c.Status.IsTerminal() || c.SlaDueAt == FalloutCase.NoSlaRunning ? null : c.SlaDueAt;

    public static SlaSummaryDto? From(FalloutCase c, DateTimeOffset now) =>
        DueAtOf(c) is { } due ? new SlaSummaryDto(due, now > due, due - now) : null;
}

/// <summary>The case as clients see it (docs/api-guide.md, Reads).</summary>
public sealed record CaseResponse(
    Guid Id,
    long Version,
    CaseStatus Status,
    FalloutCategory? Category,
    Severity Severity,
    string Queue,
    string? AssignedUser,
    string SourceSystem,
    string SourceEventId,
    string CorrelationId,
    string? CustomerId,
    string? CustomerSegment,
    string? ProductOrderId,
    string? ServiceOrderId,
    string? ServiceOrderItemId,
    string? ImpactedServiceId,
    string? ResourceId,
    FalloutCategory? CategoryHint,
    Severity? SeverityHint,
    string ReasonCode,
    string Message,
    string? FailedStepKey,
    string? ResumePoint,
    long? OrderVersion,
    DateTimeOffset? OccurredAt,
    DateTimeOffset? PromisedAt,
    JsonElement? Attributes,
    JsonElement? Context,
    MoneyDto? RevenueAtRisk,
    WaitingFor? WaitingFor,
    DateTimeOffset? WaitingUntil,
    string? WaitingParty,
    Guid? IncidentId,
    int EscalationLevel,
    int OccurrenceCount,
    DateTimeOffset LastOccurrenceAt,
    DateTimeOffset? SlaDueAt,
    SlaSummaryDto? Sla,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    string? CancellationReason,
    ResolutionDto? Resolution,
    ResumeTokenDto? ResumeToken,
    IReadOnlyList<OccurrenceDto>? Occurrences,
    IReadOnlyList<TaskDto>? Tasks,
    IReadOnlyList<CorrectionDto>? CorrectionActions,
    IReadOnlyList<EvidenceDto>? Evidence,
    IReadOnlyList<SlaClockDto>? SlaClocks,
    IReadOnlyList<ReservationDto>? Reservations = null)
{
    /// <summary>The full case; <paramref name="withChildren"/> false leaves the child lists and the context out (list pages).</summary>
    public static CaseResponse From(FalloutCase c, DateTimeOffset now, IReadOnlyList<FalloutOccurrence>? occurrences, bool withChildren = true,
        IReadOnlyList<SlaClockDto>? slaClocks = null) => new(
        c.Id, c.Version, c.Status, c.Category, c.Severity, c.Queue, c.AssignedUser, c.SourceSystem, c.SourceEventId, c.CorrelationId,
        c.CustomerId, c.CustomerSegment, c.ProductOrderId, c.ServiceOrderId, c.ServiceOrderItemId, c.ImpactedServiceId, c.ResourceId,
        c.CategoryHint, c.SeverityHint, c.ReasonCode, c.Message, c.FailedStepKey, c.ResumePoint, c.OrderVersion, c.OccurredAt,
        c.PromisedAt, CorrectionDto.Parse(c.AttributesJson), withChildren ? CorrectionDto.Parse(c.ContextJson) : null,
        c.RevenueAtRiskAmount is { } amount ? new MoneyDto(amount, c.RevenueAtRiskCurrency ?? "") : null,
        c.WaitingFor, c.WaitingUntil, c.WaitingParty, c.IncidentId, c.EscalationLevel, c.OccurrenceCount, c.LastOccurrenceAt, SlaSummaryDto.DueAtOf(c),
        SlaSummaryDto.From(c, now),
        c.CreatedAt, c.UpdatedAt, c.ClosedAt, c.CancellationReason,
        c.ResolutionDecision is { } decision
            ? new ResolutionDto(decision, c.ResolutionMode, c.ResolutionEvidenceId, c.ResolutionReason, c.ResolvedBy, c.ResolvedAt)
            : null,
        c.ResumeToken is { } token ? ResumeTokenDto.From(token, now) : null,
        occurrences?.Select(o => new OccurrenceDto(o.Id, o.SourceSystem, o.SourceEventId, o.CorrelationId, o.Message, o.OccurredAt, o.ReceivedAt)).ToList(),
        withChildren ? c.Tasks.Select(TaskDto.From).ToList() : null,
        withChildren ? c.Corrections.OrderBy(x => x.ProposedAt).Select(CorrectionDto.From).ToList() : null,
        withChildren ? c.Evidence.OrderBy(x => x.CapturedAt).Select(EvidenceDto.From).ToList() : null,
        slaClocks,
        withChildren ? c.Reservations.OrderBy(r => r.CreatedAt).Select(ReservationDto.From).ToList() : null);
}
