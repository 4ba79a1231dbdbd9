using FalloutManagement.Api.Modules.Incidents.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Property(i => i.Title).HasMaxLength(200);
        builder.Property(i => i.Description).HasMaxLength(4000);
        builder.Property(i => i.AffectedTargetSystem).HasMaxLength(100);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.RootCause).HasMaxLength(4000);
        builder.Property(i => i.ResolvedBy).HasMaxLength(200);
        builder.Property(i => i.CreatedBy).HasMaxLength(200);
        builder.OwnsOne(i => i.AutoLinkRule, rule =>
        {
            rule.Property(r => r.SourceSystem).HasColumnName("rule_source_system").HasMaxLength(100);
            rule.Property(r => r.Category).HasColumnName("rule_category").HasConversion<string>().HasMaxLength(20);
            rule.Property(r => r.ReasonCode).HasColumnName("rule_reason_code").HasMaxLength(100);
            rule.Property(r => r.FailedStepKey).HasColumnName("rule_failed_step_key").HasMaxLength(200);
            rule.Property(r => r.WindowStart).HasColumnName("rule_window_start");
            rule.Property(r => r.WindowEnd).HasColumnName("rule_window_end");
        });
        // Intake looks up the open incidents with a rule on every new case.
        builder.HasIndex(i => i.Status);
        builder.HasIndex(i => i.StartedAt);
    }
}
