using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// The one place a recorded case change becomes rows: its audit entry, and for its domain event the outbox event
/// whose JSON consumers read (docs/events.md). The save calls it for every change, in the order of the changes.
/// </summary>
public static class EventMapper
{
    public const string Domain = "FalloutManagement";

    /// <summary>The audit entry of a change: who did what, why, and the case before and after.</summary>
    public static AuditEntry ToAuditEntry(Guid id, FalloutCase fallout, CaseChange change) =>
        new(id, fallout.Id, change.CorrectionId, change.Actor, change.Action, change.Reason, Serialize(change.Before), Serialize(change.After),
            fallout.CorrelationId, change.At, change.BreakGlassId);

    /// <summary>The outbox event of <paramref name="domainEvent"/>, recorded at <paramref name="at"/> and leaving the case in <paramref name="status"/>.</summary>
    public static OutboxEvent ToOutboxEvent(Guid eventId, FalloutCase fallout, CaseEvent domainEvent, DateTimeOffset at, CaseStatus status) =>
        new(eventId, domainEvent.EventType, fallout.Id, at, ToJson(eventId, fallout, domainEvent, at, status));

    /// <summary>
    /// The event body: the contract's common fields, TM Forum's envelope names (<c>eventTime</c>, <c>domain</c>,
    /// <c>title</c>) beside them, the event's own fields, and the case's <c>status</c> after the change.
    /// </summary>
    public static string ToJson(Guid eventId, FalloutCase fallout, CaseEvent domainEvent, DateTimeOffset at, CaseStatus status)
    {
        var body = new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["eventType"] = domainEvent.EventType,
            ["occurredAt"] = at,
            ["eventTime"] = at,
            ["domain"] = Domain,
            ["title"] = domainEvent.EventType,
            ["falloutCaseId"] = fallout.Id,
            ["serviceOrderId"] = fallout.ServiceOrderId,
            ["serviceOrderItemId"] = fallout.ServiceOrderItemId,
            ["correlationId"] = fallout.CorrelationId,
            ["customerId"] = fallout.CustomerId,
        };
        foreach (var field in JsonSerializer.SerializeToElement(domainEvent, domainEvent.GetType(), JsonDefaults.Options).EnumerateObject())
        {
            body.TryAdd(field.Name, field.Value);
        }
        body.TryAdd("status", status);
        return JsonSerializer.Serialize(body, JsonDefaults.Options);
    }

    private static string? Serialize(CaseSnapshot? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, JsonDefaults.Options);
}
