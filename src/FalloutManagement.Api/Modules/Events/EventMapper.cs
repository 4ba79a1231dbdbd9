using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// The one place a recorded case change becomes rows: its audit entry, and for its domain event the outbox event
/// whose JSON consumers read (docs/events.md). The save calls it for every change, in the order of the changes.
/// Events no case change records (the reveal's, break-glass) are typed records too and become outbox rows here.
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
        var body = Envelope(eventId, domainEvent.EventType, fallout.Id, at);
        body["serviceOrderId"] = fallout.ServiceOrderId;
        body["serviceOrderItemId"] = fallout.ServiceOrderItemId;
        body["correlationId"] = fallout.CorrelationId;
        body["customerId"] = fallout.CustomerId;
        AddFields(body, domainEvent);
        body.TryAdd("status", status);
        return JsonSerializer.Serialize(body, JsonDefaults.Options);
    }

    /// <summary>The outbox event of a <see cref="ServiceEvent"/>, recorded at <paramref name="at"/>.</summary>
    public static OutboxEvent ToOutboxEvent(Guid eventId, ServiceEvent serviceEvent, DateTimeOffset at) =>
        new(eventId, serviceEvent.EventType, serviceEvent.FalloutCaseId, at, ToJson(eventId, serviceEvent, at));

    /// <summary>The body of an event no case change records: the envelope (no order references, no status) and its own fields.</summary>
    public static string ToJson(Guid eventId, ServiceEvent serviceEvent, DateTimeOffset at)
    {
        var body = Envelope(eventId, serviceEvent.EventType, serviceEvent.FalloutCaseId, at);
        AddFields(body, serviceEvent);
        return JsonSerializer.Serialize(body, JsonDefaults.Options);
    }

    private static Dictionary<string, object?> Envelope(Guid eventId, string eventType, Guid? caseId, DateTimeOffset at) => new()
    {
        ["eventId"] = eventId,
        ["eventType"] = eventType,
        ["occurredAt"] = at,
        ["eventTime"] = at,
        ["domain"] = Domain,
        ["title"] = eventType,
        ["falloutCaseId"] = caseId,
    };

    /// <summary>The event's own fields (its record's properties, camelCase), never overwriting the envelope's.</summary>
    private static void AddFields(Dictionary<string, object?> body, object fields)
    {
        foreach (var field in JsonSerializer.SerializeToElement(fields, fields.GetType(), JsonDefaults.Options).EnumerateObject())
        {
            body.TryAdd(field.Name, field.Value);
        }
    }

    private static string? Serialize(CaseSnapshot? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, JsonDefaults.Options);
}
