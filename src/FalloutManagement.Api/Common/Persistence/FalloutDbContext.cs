using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Domain;
using FalloutManagement.Api.Modules.Evidence.Domain;
using FalloutManagement.Api.Modules.Events;
using FalloutManagement.Api.Modules.Events.Hub;
using FalloutManagement.Api.Modules.Events.Notifications;
using FalloutManagement.Api.Modules.Resume.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// The one unit of work. <see cref="SaveChangesAsync(CancellationToken)"/> turns every change recorded on a case
/// into its audit entry and outbox event before saving, so state, audit and events commit together or not at all.
/// </summary>
public sealed class FalloutDbContext(DbContextOptions<FalloutDbContext> options) : DbContext(options)
{
    public DbSet<FalloutCase> Cases => Set<FalloutCase>();
    public DbSet<FalloutOccurrence> Occurrences => Set<FalloutOccurrence>();
    public DbSet<EvidenceContent> EvidenceContents => Set<EvidenceContent>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<NotificationRule> NotificationRules => Set<NotificationRule>();
    public DbSet<HubSubscription> HubSubscriptions => Set<HubSubscription>();
    public DbSet<HubDelivery> HubDeliveries => Set<HubDelivery>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the unit of work is asynchronous.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await WriteAuditAndOutboxAsync(cancellationToken);
        var referenceDataChanged = ChangeTracker.Entries<IReferenceData>().Any(e => e.State is not (EntityState.Unchanged or EntityState.Detached));
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (referenceDataChanged)
        {
            this.GetService<ReferenceDataCache>().Invalidate();
        }
        return saved;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their contract strings, never as numbers.
        configurationBuilder.Properties<CaseStatus>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<FalloutCategory>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<Severity>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<WaitingFor>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<ResolutionDecision>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<ResumeMode>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<CaseTaskStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<CorrectionType>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<CorrectionStatus>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<RiskLevel>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<EvidenceType>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<ResumeTokenStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<HubDeliveryStatus>().HaveConversion<string>().HaveMaxLength(20);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FalloutDbContext).Assembly);

    private async Task WriteAuditAndOutboxAsync(CancellationToken ct)
    {
        var changed = ChangeTracker.Entries<FalloutCase>().Select(e => e.Entity).Where(c => c.PendingChanges.Count > 0).ToList();
        if (changed.Count == 0)
        {
            return;
        }
        // Ids rise in the order of the changes: EF inserts rows of one table in key order, and the audit chain and
        // the feed take their order from the inserts.
        var ids = new SequentialIds();
        var notificationRules = await this.GetService<ReferenceDataCache>().GetAsync("notification-rules",
            token => NotificationRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(token), ct);
        foreach (var fallout in changed)
        {
            foreach (var change in fallout.PendingChanges)
            {
                AuditEntries.Add(EventMapper.ToAuditEntry(ids.Next(change.At), fallout, change));
                if (change.Event is { } domainEvent)
                {
                    OutboxEvents.Add(EventMapper.ToOutboxEvent(ids.Next(change.At), fallout, domainEvent, change.At, change.After.Status));
                }
                // Customer notifications are decided by policy from the state change, in the same transaction.
                if (CustomerNotificationPolicy.Evaluate(notificationRules, fallout, change) is { } notification)
                {
                    OutboxEvents.Add(EventMapper.ToOutboxEvent(ids.Next(change.At), fallout, notification, change.At, change.After.Status));
                }
            }
            fallout.ClearPendingChanges();
        }
    }
}
