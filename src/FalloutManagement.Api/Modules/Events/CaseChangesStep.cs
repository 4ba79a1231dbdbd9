using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Events.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// Save step: turns every change recorded on a case (<see cref="FalloutCase.PendingChanges"/>), in the order they
/// happened, into its audit entry and its outbox event (when it carries a domain event), both through
/// <see cref="EventMapper"/>, and the customer notification the notification rules ask for (a
/// <c>CustomerNotificationRequested</c> outbox event). The three are written change by change, so the ids, the audit
/// chain and the feed keep the order of the changes.
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
                db.Add(EventMapper.ToAuditEntry(save.Ids.Next(change.At), fallout, change));
                if (change.Event is { } domainEvent)
                {
                    db.Add(EventMapper.ToOutboxEvent(save.Ids.Next(change.At), fallout, domainEvent, change.At, change.After.Status));
                }
                if (CustomerNotificationPolicy.Evaluate(notificationRules, fallout, change) is { } notification)
                {
                    db.Add(EventMapper.ToOutboxEvent(save.Ids.Next(change.At), fallout, notification, change.At, change.After.Status));
                }
            }
            fallout.ClearPendingChanges();
        }
        return null;
    }
}
