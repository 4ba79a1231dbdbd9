using System.Text.Json;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Domain;
using FalloutManagement.Api.Modules.Evidence.Domain;
using FalloutManagement.Api.Modules.Events;
using FalloutManagement.Api.Modules.Resume.Domain;
using Microsoft.EntityFrameworkCore;

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

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the unit of work is asynchronous.");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        WriteAuditAndOutbox();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
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
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FalloutDbContext).Assembly);

    private void WriteAuditAndOutbox()
    {
        foreach (var fallout in ChangeTracker.Entries<FalloutCase>().Select(e => e.Entity).ToList())
        {
            foreach (var change in fallout.PendingChanges)
            {
                AuditEntries.Add(new AuditEntry(Guid.CreateVersion7(change.At), fallout.Id, change.CorrectionId, change.Actor,
                    change.Action, change.Reason, Serialize(change.Before), Serialize(change.After), fallout.CorrelationId, change.At));
                if (change.EventType is not null)
                {
                    var eventId = Guid.CreateVersion7(change.At);
                    OutboxEvents.Add(new OutboxEvent(eventId, change.EventType, fallout.Id, change.At,
                        EventEnvelope.Serialize(eventId, change.EventType, change.At, fallout, change.EventFields)));
                }
            }
            fallout.ClearPendingChanges();
        }
    }

    private static string? Serialize(CaseSnapshot? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, JsonDefaults.Options);
}
