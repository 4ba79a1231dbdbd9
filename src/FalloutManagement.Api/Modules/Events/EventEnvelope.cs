using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// The event body: the contract's common fields (CONTRACT.md §5, Events), TM Forum's envelope names
/// (<c>eventTime</c>, <c>domain</c>, <c>title</c>) beside them, then the event's own fields.
/// </summary>
internal static class EventEnvelope
{
    public const string Domain = "FalloutManagement";

    public static string Serialize(Guid eventId, string eventType, DateTimeOffset at, FalloutCase fallout,
        IReadOnlyDictionary<string, object?> fields)
    {
        var body = new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["eventType"] = eventType,
            ["occurredAt"] = at,
            ["eventTime"] = at,
            ["domain"] = Domain,
            ["title"] = eventType,
            ["falloutCaseId"] = fallout.Id,
            ["serviceOrderId"] = fallout.ServiceOrderId,
            ["serviceOrderItemId"] = fallout.ServiceOrderItemId,
            ["correlationId"] = fallout.CorrelationId,
            ["customerId"] = fallout.CustomerId,
        };
        foreach (var (key, value) in fields)
        {
            body.TryAdd(key, value);
        }
        return JsonSerializer.Serialize(body, JsonDefaults.Options);
    }
}
