using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Queues;

internal sealed class FalloutQueueConfiguration : IEntityTypeConfiguration<FalloutQueue>
{
    public void Configure(EntityTypeBuilder<FalloutQueue> builder)
    {
        builder.ToTable("queues");
        builder.HasKey(q => q.Code);
        builder.Property(q => q.Code).HasMaxLength(100);
        builder.Property(q => q.Name).HasMaxLength(200);
        builder.Property(q => q.Skill).HasMaxLength(200);
        builder.Property(q => q.EscalationQueue).HasMaxLength(100);
        builder.Property(q => q.TimeZone).HasMaxLength(100);
        builder.Property(q => q.AssignmentStrategy).HasConversion<string>().HasMaxLength(20);
        builder.PrimitiveCollection(q => q.WorkingDays).ElementType().HasConversion<string>();
        builder.Property(q => q.Version).IsConcurrencyToken();
        builder.HasOne<FalloutQueue>().WithMany().HasForeignKey(q => q.EscalationQueue).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QueueMemberConfiguration : IEntityTypeConfiguration<QueueMember>
{
    public void Configure(EntityTypeBuilder<QueueMember> builder)
    {
        builder.ToTable("queue_members");
        builder.HasKey(m => new { m.QueueCode, m.UserId });
        builder.Property(m => m.QueueCode).HasMaxLength(100);
        builder.Property(m => m.UserId).HasMaxLength(100);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne<FalloutQueue>().WithMany().HasForeignKey(m => m.QueueCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.UserId);
    }
}

internal sealed class ClassificationRuleConfiguration : IEntityTypeConfiguration<ClassificationRule>
{
    public void Configure(EntityTypeBuilder<ClassificationRule> builder)
    {
        builder.ToTable("classification_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.SourceSystem).HasMaxLength(100);
        builder.Property(r => r.ReasonCode).HasMaxLength(100);
        builder.Property(r => r.FailedStepKey).HasMaxLength(200);
        builder.Property(r => r.Queue).HasMaxLength(100);
        builder.Property(r => r.Description).HasMaxLength(500);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<FalloutQueue>().WithMany().HasForeignKey(r => r.Queue).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.Active, r.Priority });
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.ToTable("sla_policies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Queue).HasMaxLength(100);
        builder.Property(p => p.CustomerSegment).HasMaxLength(100);
        builder.PrimitiveCollection(p => p.PausedClocks).ElementType().HasConversion<string>();
        builder.PrimitiveCollection(p => p.PauseWhile).ElementType().HasConversion<string>();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<FalloutQueue>().WithMany().HasForeignKey(p => p.Queue).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.Queue, p.Severity, p.CustomerSegment });
    }
}

internal sealed class SlaClockConfiguration : IEntityTypeConfiguration<SlaClock>
{
    public void Configure(EntityTypeBuilder<SlaClock> builder)
    {
        builder.ToTable("sla_clocks");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(k => k.State).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<FalloutCase>().WithMany().HasForeignKey(k => k.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(k => new { k.CaseId, k.Kind }).IsUnique();
        // The sweep's two questions, answered by partial indexes that hold only clocks still waiting for them.
        builder.HasIndex(k => k.DueAt).HasFilter("met_at IS NULL AND paused_since IS NULL AND breach_notified_at IS NULL")
            .HasDatabaseName("ix_sla_clocks_breach_due");
        builder.HasIndex(k => k.AtRiskAt).HasFilter("met_at IS NULL AND paused_since IS NULL AND at_risk_notified_at IS NULL")
            .HasDatabaseName("ix_sla_clocks_at_risk_due");
        builder.Ignore(k => k.IsRunning);
    }
}
