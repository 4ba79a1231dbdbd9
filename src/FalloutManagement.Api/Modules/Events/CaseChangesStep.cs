using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Events.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// Save step: turns every change recorded on a case (<see cref="FalloutCase.PendingChanges"/>), in the order they
/// happened, into its audit entry and its outbox event (when it carries a domain event), both through
/// <see cref="EventMapper"/>, and the customer notification the notification rules ask for (a
/// <c>CustomerNotificationRequested</c> outbox event). The three are written change by change, so the ids, the audit
/// chain and the feed keep the order of the changes. The audit entries of a case created by this save start its chain:
/// they are sealed here (<see cref="AuditChain.TrySeal"/>), so the database does not hash them again.
/// </summary>
public sealed class CaseChangesStep(ReferenceDataCache referenceData) : ISaveStep
{
    public async Task<Action?> BeforeSaveAsync(SaveContext save, CancellationToken ct)
    {
        var db = save.Db;
        var changed = db.ChangeTracker.Entries<FalloutCase>().Where(e => e.Entity.PendingChanges.Count > 0)
            .Select(e => (Case: e.Entity, IsNew: e.State == EntityState.Added)).ToList();
        if (changed.Count == 0)
        {
            return null;
        }
        var notificationRules = await referenceData.GetAsync("notification-rules",
            token => db.Set<NotificationRule>().AsNoTracking().Where(r => r.Enabled).ToListAsync(token), ct);
        foreach (var (fallout, isNew) in changed)
        {
            var newChain = isNew ? new List<AuditEntry>(fallout.PendingChanges.Count) : null;
            foreach (var change in fallout.PendingChanges)
            {
                var entry = EventMapper.ToAuditEntry(save.Ids.Next(change.At), fallout, change);
                if (newChain is null)
                {
                    db.Add(entry);
                }
                else
                {
                    newChain.Add(entry);
                }
                if (change.Event is { } domainEvent)
                {
                    db.Add(EventMapper.ToOutboxEvent(save.Ids.Next(change.At), fallout, domainEvent, change.At, change.After.Status));
                }
                if (CustomerNotificationPolicy.Evaluate(notificationRules, fallout, change) is { } notification)
                {
                    db.Add(EventMapper.ToOutboxEvent(save.Ids.Next(change.At), fallout, notification, change.At, change.After.Status));
                }
            }
            if (newChain is not null)
            {
                // Nothing else has written to the chain of a case no other transaction can see yet; the ids rise in
                // the order of the changes and EF Core inserts in key order, so positions 1..n are the insert order.
                AuditChain.TrySeal(newChain);
                db.AddRange(newChain);
            }
            fallout.ClearPendingChanges();
        }
        return null;
    }
}
