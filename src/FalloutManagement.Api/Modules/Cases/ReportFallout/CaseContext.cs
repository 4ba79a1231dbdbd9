using System.Text.Json;
using System.Text.Json.Serialization;
using FalloutManagement.Api.Common;

namespace FalloutManagement.Api.Modules.Cases.ReportFallout;

/// <summary>
/// What the operator needs to see to work a case (seed §15), as the source system knows it at the time of the
/// fallout: customer and order summaries, the failed step, service and resource details with their inventory state,
/// the activation attempts and a suggested correction. Facts for a person to read; the service decides nothing from
/// them, and fields it does not know are ignored (unlike anywhere else in a request body: a source's context grows).
/// Sensitive fields (docs/api-guide.md): <c>customer.name</c>, <c>customer.contactChannel</c>, <c>resources[].value</c>,
/// and the <c>command</c>, <c>vendorResponse</c> and <c>rawError</c> of activation attempts.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record CaseContext(
    CustomerSummary? Customer = null,
    OrderSummary? Order = null,
    FailedStepDetail? FailedStep = null,
    ServiceDetail? Service = null,
    IReadOnlyList<ResourceDetail>? Resources = null,
    IReadOnlyList<ActivationAttempt>? ActivationAttempts = null,
    SuggestedCorrection? SuggestedCorrection = null)
{
    /// <summary>The most a context may weigh when reported, as stored JSON.</summary>
    public const int MaxBytes = 32 * 1024;

    /// <summary>The attempts a case keeps: later occurrences append theirs and the oldest fall off.</summary>
    public const int MaxStoredAttempts = 20;

    /// <summary>Stored without the fields the source left out.</summary>
    public static readonly JsonSerializerOptions StorageOptions = new(JsonDefaults.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, StorageOptions);

    /// <summary>The attempts alone, appended to an existing case's context by a later occurrence.</summary>
    public string? AttemptsJson() =>
        ActivationAttempts is { Count: > 0 } attempts ? JsonSerializer.Serialize(attempts, StorageOptions) : null;
}

/// <summary>Who the customer is, as far as the operator needs to know.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record CustomerSummary(string? Name = null, string? Segment = null, string? ContactChannel = null);

/// <summary>The order and its items; <c>dependsOn</c> lists the ids of the items an item waits for (the graph's edges).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record OrderSummary(string? ServiceOrderId = null, string? ProductOrderId = null, IReadOnlyList<OrderItemSummary>? Items = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record OrderItemSummary(string? Id = null, string? Product = null, string? Action = null, string? State = null,
    IReadOnlyList<string>? DependsOn = null);

/// <summary>The orchestration step that failed and the system it called.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record FailedStepDetail(string? Key = null, string? System = null, string? Description = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record ServiceDetail(string? ServiceId = null, string? ServiceType = null, string? State = null);

/// <summary>A resource of the service (MSISDN, IMSI, port, IP ...) and what the inventory says of it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record ResourceDetail(string? ResourceId = null, string? ResourceType = null, string? Value = null, string? InventoryState = null,
    string? AssignedTo = null);

/// <summary>One command sent to a network or vendor system and what came back.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record ActivationAttempt(string? Command = null, DateTimeOffset? At = null, string? VendorResponse = null, string? RawError = null,
    string? NormalizedError = null);

/// <summary>What the source system would try; a person still proposes the correction.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
internal sealed record SuggestedCorrection(string? Type = null, string? Summary = null);
