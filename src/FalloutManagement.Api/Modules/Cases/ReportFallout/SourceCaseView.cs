using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.ReportFallout;

/// <summary>
/// What a source system may see of a case it did not necessarily report: the answer to a replayed event or to an
/// event joined to an open case of the same step (200). Only the step the source itself named and the case's
/// progress; no customer, queue, owner, corrections, evidence or tokens (another source may have reported it).
/// </summary>
internal sealed record SourceCaseView(
    Guid Id,
    CaseStatus Status,
    string? ServiceOrderId,
    string? ServiceOrderItemId,
    string? FailedStepKey,
    string ReasonCode,
    int OccurrenceCount,
    DateTimeOffset LastOccurrenceAt);
