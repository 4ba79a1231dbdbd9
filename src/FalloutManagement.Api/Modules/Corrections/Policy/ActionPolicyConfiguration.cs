using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Corrections.Policy;

internal sealed class ActionPolicyConfiguration : IEntityTypeConfiguration<ActionPolicy>
{
    public void Configure(EntityTypeBuilder<ActionPolicy> builder)
    {
        builder.ToTable("action_policies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Property(p => p.Name).HasMaxLength(ActionPolicy.NameLength);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.Property(p => p.MatchServiceType).HasMaxLength(100);
        builder.Property(p => p.MatchCustomerSegment).HasMaxLength(100);
        builder.Property(p => p.MatchQueue).HasMaxLength(100);
        builder.Property(p => p.MatchOperatorRole).HasMaxLength(100);
        builder.Property(p => p.MatchPayloadField).HasMaxLength(100);
        builder.Property(p => p.MatchMinAmount).HasPrecision(18, 2);
        builder.Property(p => p.EscalationRule).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.MatchMinRiskLevel).HasConversion<string>().HasMaxLength(20);
        builder.PrimitiveCollection(p => p.RequiredEvidence).ElementType().HasConversion<string>();
        builder.Property(p => p.CreatedBy).HasMaxLength(200);
        builder.Property(p => p.UpdatedBy).HasMaxLength(200);
        builder.Ignore(p => p.Match);
        builder.Ignore(p => p.Outcome);
        builder.Ignore(p => p.Reference);
        builder.HasIndex(p => p.Name).IsUnique().HasFilter("active");
        builder.HasIndex(p => new { p.Active, p.MatchCorrectionType });
    }
}
