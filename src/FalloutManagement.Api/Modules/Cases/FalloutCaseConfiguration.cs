using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Cases;

internal sealed class FalloutCaseConfiguration : IEntityTypeConfiguration<FalloutCase>
{
    /// <summary>Ids from other systems are opaque strings of at most 100 characters (docs/api-guide.md).</summary>
    public const int ExternalIdLength = 100;

    /// <summary>The predicate of the partial indexes over open cases (the dedup rule and the work-list's open views).</summary>
    private const string OpenCases = "status NOT IN ('CLOSED', 'CANCELLED')";

    public void Configure(EntityTypeBuilder<FalloutCase> builder)
    {
        builder.ToTable("fallout_cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Version).IsConcurrencyToken();
        foreach (var name in new[]
                 {
                     nameof(FalloutCase.SourceSystem), nameof(FalloutCase.SourceEventId), nameof(FalloutCase.CorrelationId),
                     nameof(FalloutCase.CustomerId), nameof(FalloutCase.CustomerSegment), nameof(FalloutCase.ProductOrderId),
                     nameof(FalloutCase.ServiceOrderId), nameof(FalloutCase.ServiceOrderItemId), nameof(FalloutCase.ImpactedServiceId),
                     nameof(FalloutCase.ResourceId), nameof(FalloutCase.ReasonCode), nameof(FalloutCase.FailedStepKey),
                     nameof(FalloutCase.Queue), nameof(FalloutCase.AssignedUser), nameof(FalloutCase.WaitingParty),
                 })
        {
            builder.Property(name).HasMaxLength(ExternalIdLength);
        }
        builder.Property(c => c.SourceEventId).HasMaxLength(200);
        builder.Property(c => c.CorrelationId).HasMaxLength(200);
        builder.Property(c => c.ReasonCode).HasMaxLength(100);
        builder.Property(c => c.FailedStepKey).HasMaxLength(200);
        builder.Property(c => c.ResumePoint).HasMaxLength(500);
        builder.Property(c => c.Message).HasMaxLength(4000);
        builder.Property(c => c.RevenueAtRiskCurrency).HasMaxLength(3);
        builder.Property(c => c.RevenueAtRiskAmount).HasPrecision(18, 2);
        builder.Property(c => c.AttributesJson).HasColumnType("jsonb");
        builder.Property(c => c.ContextJson).HasColumnType("jsonb").HasColumnName("context");
        builder.Property(c => c.ResolutionReason).HasMaxLength(2000);
        builder.Property(c => c.CancellationReason).HasMaxLength(2000);

        // Dedup rule 1: one case per source event.
        builder.HasIndex(c => new { c.SourceSystem, c.SourceEventId }).IsUnique();
        // Dedup rule 2: one open case per step. Partial, so a closed case's step may open a new case.
        builder.HasIndex(c => new { c.ServiceOrderItemId, c.FailedStepKey, c.ReasonCode })
            .IsUnique()
            .HasFilter(OpenCases)
            .HasDatabaseName("ux_fallout_cases_open_step");
        // The list: keyset pages by SLA due time; a queue's work-list with and without a status (the first page of a
        // queue without a status filter sorted every case of the queue: FALLOUT_TRIAGE p95 89 -> 5 ms at 1M cases);
        // pull-next takes the queue's first QUEUED case.
        builder.HasIndex(c => new { c.SlaDueAt, c.Id });
        builder.HasIndex(c => new { c.Queue, c.SlaDueAt, c.Id });
        builder.HasIndex(c => new { c.Queue, c.Status, c.SlaDueAt, c.Id });
        builder.HasIndex(c => new { c.AssignedUser, c.SlaDueAt, c.Id });
        // The console's approvals and escalations views: a status or the escalated cases across every queue, by SLA
        // due time. Without these the page walked the all-queues index past the closed cases (APPROVAL_REQUIRED:
        // 206 ms at 1M cases) or scanned the table (escalated: 371 ms). Partial, so a new case adds one small entry
        // (its open status) and none for escalation; the list writes the status as a literal so the planner can
        // use the partial index (a parameter could be CLOSED).
        Partial(c => new { c.Status, c.SlaDueAt, c.Id }, "ix_fallout_cases_open_status_sla_due_at_id", OpenCases);
        Partial(c => new { c.SlaDueAt, c.Id }, "ix_fallout_cases_escalated_sla_due_at_id", "escalation_level > 0");
        // The SLA-breached filter (the console's "SLA breached" toggle, with or without a queue): open cases past due,
        // by SLA due time. The full indexes hold the closed cases first (their due times are the oldest), so the page
        // read every closed case of the queue before the first breached open one (155 ms at 1M cases).
        Partial(c => new { c.Queue, c.SlaDueAt, c.Id }, "ix_fallout_cases_open_queue_sla_due_at_id", OpenCases);
        Partial(c => new { c.SlaDueAt, c.Id }, "ix_fallout_cases_open_sla_due_at_id", OpenCases);
        builder.HasIndex(c => c.IncidentId);
        // The time sweep: waits that end by themselves.
        builder.HasIndex(c => c.WaitingUntil).HasFilter("waiting_until IS NOT NULL").HasDatabaseName("ix_fallout_cases_waiting_until");
        // The time sweep: charging repairs whose deadline may pass (by reason code, oldest first), until the suspension is asked.
        builder.HasIndex(c => new { c.ReasonCode, c.CreatedAt }).HasFilter("service_suspension_requested_at IS NULL")
            .HasDatabaseName("ix_fallout_cases_charging_repair");

        builder.HasMany(c => c.Corrections).WithOne().HasForeignKey(c => c.CaseId);
        builder.HasMany(c => c.Evidence).WithOne().HasForeignKey(e => e.CaseId);
        builder.HasMany(c => c.Tasks).WithOne().HasForeignKey(t => t.CaseId);
        builder.HasMany(c => c.ResumeTokens).WithOne().HasForeignKey(t => t.CaseId);
        builder.HasMany(c => c.ExternalUpdates).WithOne().HasForeignKey(u => u.CaseId);
        builder.HasMany(c => c.Reservations).WithOne().HasForeignKey(r => r.CaseId);
        builder.Navigation(c => c.ExternalUpdates).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.Reservations).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.Corrections).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.Evidence).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.Tasks).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.ResumeTokens).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(c => c.PendingChanges);
        builder.Ignore(c => c.ResumeToken);
        builder.Ignore(c => c.ActiveCorrection);

        // A named partial index: the name keeps it apart from an index on the same columns (EF Core would otherwise
        // take it for that index) and is the index's name in the database.
        void Partial(System.Linq.Expressions.Expression<Func<FalloutCase, object?>> columns, string name, string filter) =>
            builder.HasIndex(columns, name).HasFilter(filter).HasDatabaseName(name);
    }
}

internal sealed class FalloutOccurrenceConfiguration : IEntityTypeConfiguration<FalloutOccurrence>
{
    public void Configure(EntityTypeBuilder<FalloutOccurrence> builder)
    {
        builder.ToTable("fallout_occurrences");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.SourceSystem).HasMaxLength(100);
        builder.Property(o => o.SourceEventId).HasMaxLength(200);
        builder.Property(o => o.CorrelationId).HasMaxLength(200);
        builder.Property(o => o.Message).HasMaxLength(4000);
        // A replayed event is recognised by this index, whichever case it was appended to.
        builder.HasIndex(o => new { o.SourceSystem, o.SourceEventId }).IsUnique();
        builder.HasIndex(o => new { o.CaseId, o.ReceivedAt });
        builder.HasOne<FalloutCase>().WithMany().HasForeignKey(o => o.CaseId);
    }
}

internal sealed class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> builder)
    {
        builder.ToTable("case_tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.TaskType).HasMaxLength(100);
        builder.Property(t => t.Instruction).HasMaxLength(4000);
        builder.Property(t => t.Outcome).HasMaxLength(4000);
        builder.Property(t => t.Queue).HasMaxLength(100);
        builder.Property(t => t.AssignedUser).HasMaxLength(100);
        builder.Property(t => t.CreatedBy).HasMaxLength(200);
        builder.Property(t => t.CompletedBy).HasMaxLength(200);
    }
}

internal sealed class CorrectionActionConfiguration : IEntityTypeConfiguration<CorrectionAction>
{
    public void Configure(EntityTypeBuilder<CorrectionAction> builder)
    {
        builder.ToTable("correction_actions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.PayloadJson).HasColumnType("jsonb");
        builder.Property(c => c.ResultJson).HasColumnType("jsonb");
        builder.PrimitiveCollection(c => c.RequiredEvidence).ElementType().HasConversion<string>();
        builder.Property(c => c.PolicyRef).HasMaxLength(200);
        builder.Property(c => c.IdempotencyKey).HasMaxLength(200);
        builder.Property(c => c.Reason).HasMaxLength(2000);
        builder.Property(c => c.DecisionReason).HasMaxLength(2000);
        builder.Property(c => c.ProposedBy).HasMaxLength(200);
        builder.Property(c => c.ApprovedBy).HasMaxLength(200);
        builder.Property(c => c.AppliedBy).HasMaxLength(200);
        builder.Property(c => c.Executor).HasMaxLength(60);
        builder.Property(c => c.ExecutionDetail).HasMaxLength(4000);
        builder.Property(c => c.ExternalRef).HasMaxLength(200);
        builder.Ignore(c => c.ExecutedBySystem);
        // The execution time-out sweep finds requested executions by deadline; the index holds only those.
        builder.HasIndex(c => c.ExecutionDeadline).HasFilter("execution_status = 'REQUESTED'");
        // The same Idempotency-Key on the same case gives the same correction, whatever the concurrency.
        builder.HasIndex(c => new { c.CaseId, c.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        // The per-operator retry limit counts one person's recent retries across cases.
        builder.HasIndex(c => new { c.ProposedBy, c.ProposedAt }).HasFilter("type = 'RETRY'").HasDatabaseName("ix_correction_actions_retries_by_proposer");
    }
}

internal sealed class EvidenceItemConfiguration : IEntityTypeConfiguration<EvidenceItem>
{
    public void Configure(EntityTypeBuilder<EvidenceItem> builder)
    {
        builder.ToTable("evidence_items");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Source).HasMaxLength(200);
        builder.Property(e => e.StorageRef).HasMaxLength(1000);
        builder.Property(e => e.Checksum).HasMaxLength(200);
        builder.Property(e => e.CapturedBy).HasMaxLength(200);
    }
}

internal sealed class ResumeTokenConfiguration : IEntityTypeConfiguration<ResumeToken>
{
    public void Configure(EntityTypeBuilder<ResumeToken> builder)
    {
        builder.ToTable("resume_tokens");
        builder.HasKey(t => t.TokenId);
        builder.Property(t => t.TokenId).ValueGeneratedNever();
        builder.Property(t => t.ServiceOrderItemId).HasMaxLength(100);
        builder.Property(t => t.FailedStepKey).HasMaxLength(200);
        builder.Property(t => t.IssuedBy).HasMaxLength(200);
        builder.Property(t => t.RedeemedBy).HasMaxLength(200);
    }
}

internal sealed class ExternalUpdateConfiguration : IEntityTypeConfiguration<ExternalUpdate>
{
    public void Configure(EntityTypeBuilder<ExternalUpdate> builder)
    {
        builder.ToTable("external_updates");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Party).HasMaxLength(FalloutCaseConfiguration.ExternalIdLength);
        builder.Property(u => u.UpdateId).HasMaxLength(200);
        builder.Property(u => u.Detail).HasMaxLength(4000);
        builder.Property(u => u.ServiceOrderItemId).HasMaxLength(FalloutCaseConfiguration.ExternalIdLength);
        builder.Property(u => u.ReceivedBy).HasMaxLength(200);
        // Idempotency: one update per party and updateId.
        builder.HasIndex(u => new { u.Party, u.UpdateId }).IsUnique().HasFilter("update_id IS NOT NULL");
        // Failed appointments are counted per service order item across cases.
        builder.HasIndex(u => new { u.ServiceOrderItemId, u.Outcome });
    }
}

internal sealed class ResourceReservationConfiguration : IEntityTypeConfiguration<ResourceReservation>
{
    public void Configure(EntityTypeBuilder<ResourceReservation> builder)
    {
        builder.ToTable("resource_reservations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.ResourceId).HasMaxLength(FalloutCaseConfiguration.ExternalIdLength);
        builder.Property(r => r.Kind).HasMaxLength(100);
        builder.Property(r => r.CreatedBy).HasMaxLength(200);
        // The time sweep: reservations still held, by expiry.
        builder.HasIndex(r => r.ExpiresAt).HasFilter("status = 'HELD'").HasDatabaseName("ix_resource_reservations_held_expiry");
    }
}
