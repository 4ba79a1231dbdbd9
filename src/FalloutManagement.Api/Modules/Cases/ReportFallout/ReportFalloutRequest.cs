using System.Text.Json;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.ReportFallout;

/// <summary>
/// The fallout a source system reports (docs/api-guide.md, Intake). Enums arrive as strings so an unknown value
/// is a field error, not an unreadable body.
/// </summary>
internal sealed record ReportFalloutRequest(
    string? SourceSystem,
    string? SourceEventId,
    string? CorrelationId,
    string? ReasonCode,
    string? Message,
    string? CustomerId = null,
    string? CustomerSegment = null,
    string? ProductOrderId = null,
    string? ServiceOrderId = null,
    string? ServiceOrderItemId = null,
    string? ImpactedServiceId = null,
    string? ResourceId = null,
    string? CategoryHint = null,
    string? SeverityHint = null,
    string? FailedStepKey = null,
    string? ResumePoint = null,
    long? OrderVersion = null,
    DateTimeOffset? OccurredAt = null,
    DateTimeOffset? PromisedAt = null,
    JsonElement? Attributes = null,
    MoneyRequest? RevenueAtRisk = null,
    CaseContext? Context = null)
{
    public FalloutReport ToReport() => new(
        SourceSystem!.Trim(), SourceEventId!.Trim(), CorrelationId!.Trim(), ReasonCode!.Trim(), Message!,
        CustomerId, CustomerSegment?.ToUpperInvariant(), ProductOrderId, ServiceOrderId, ServiceOrderItemId, ImpactedServiceId, ResourceId,
        CategoryHint is null ? null : Enum.Parse<FalloutCategory>(CategoryHint),
        SeverityHint is null ? null : Enum.Parse<Severity>(SeverityHint),
        FailedStepKey, ResumePoint, OrderVersion, OccurredAt?.ToUniversalTime(), PromisedAt?.ToUniversalTime(),
        Attributes is { ValueKind: JsonValueKind.Object } attributes ? attributes.GetRawText() : null,
        RevenueAtRisk?.Amount, RevenueAtRisk?.Currency?.ToUpperInvariant(), Context?.ToJson());
}

internal sealed record MoneyRequest(decimal? Amount, string? Currency);
