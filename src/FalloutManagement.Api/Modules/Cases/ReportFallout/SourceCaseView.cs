using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.ReportFallout;

/// <summary>
/// What a source system sees of a case another source reported, when its event joins that open case of the same
/// step (200). Only the step the source itself named and the case's progress; no customer, queue, owner,
/// corrections, evidence or tokens. The source that reported the case gets the case itself.
/// </summary>
internal sealed record SourceCaseView(
    Guid Id,
    long Version,
    CaseStatus Status,
    string? ServiceOrderId,
    string? ServiceOrderItemId,
    string? FailedStepKey,
    string ReasonCode,
    int OccurrenceCount,
    DateTimeOffset LastOccurrenceAt)
{
    public static SourceCaseView Of(FalloutCase c) => new(c.Id, c.Version, c.Status, c.ServiceOrderId, c.ServiceOrderItemId, c.FailedStepKey,
        c.ReasonCode, c.OccurrenceCount, c.LastOccurrenceAt);
}
