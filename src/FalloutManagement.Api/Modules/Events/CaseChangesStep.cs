using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Events.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// Save step: turns every change recorded on a case (<see cref="FalloutCase.PendingChanges"/>), in the order they
/// happened, into its audit entry, its outbox event (when it has an event type) and the customer notification the
/// notification rules ask for (a <c>CustomerNotificationRequested</c> outbox event). The three are written change by
/// change, so the ids, the audit chain and the feed keep the order of the changes.
/// </summary>
public sealed class CaseChangesStep(ReferenceDataCache referenceData) : ISaveStep
{
    public async Task<Action?> BeforeSaveAsync(SaveContext save, CancellationToken ct)
    {
        var db = save.Db;
        var changed = db.ChangeTracker.Entries<FalloutCase>().Select(e => e.Entity).Where(c => c.PendingChanges.Count > 0).ToList();
        if (changed.Count == 0)
        {
            return null;
        }
        var notificationRules = await referenceData.GetAsync("notification-rules",
            token => db.Set<NotificationRule>().AsNoTracking().Where(r => r.Enabled).ToListAsync(token), ct);
        foreach (var fallout in changed)
        {
            foreach (var change in fallout.PendingChanges)
            {
                db.Add(new AuditEntry(save.Ids.Next(change.At), fallout.Id, change.CorrectionId, change.Actor,
                    change.Action, change.Reason, Serialize(change.Before), Serialize(change.After), fallout.CorrelationId, change.At));
                if (change.EventType is not null)
                {
                    AddEvent(save, change.EventType, change.At, fallout, change.EventFields);
                }
                if (CustomerNotificationPolicy.Evaluate(notificationRules, fallout, change) is { } notification)
                {
                    AddEvent(save, CaseEventTypes.CustomerNotificationRequested, change.At, fallout, notification);
                }
            }
            fallout.ClearPendingChanges();
        }
        return null;
    }

    private static void AddEvent(SaveContext save, string eventType, DateTimeOffset at, FalloutCase fallout, IReadOnlyDictionary<string, object?> fields)
    {
        var eventId = save.Ids.Next(at);
        save.Db.Add(new OutboxEvent(eventId, eventType, fallout.Id, at, EventEnvelope.Serialize(eventId, eventType, at, fallout, fields)));
    }

    private static string? Serialize(CaseSnapshot? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, JsonDefaults.Options);
}
