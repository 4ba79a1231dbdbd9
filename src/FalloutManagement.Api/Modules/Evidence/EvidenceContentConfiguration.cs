using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Evidence;

internal sealed class EvidenceContentConfiguration : IEntityTypeConfiguration<EvidenceContent>
{
    public void Configure(EntityTypeBuilder<EvidenceContent> builder)
    {
        builder.ToTable("evidence_contents");
        builder.HasKey(c => c.EvidenceId);
        builder.Property(c => c.EvidenceId).ValueGeneratedNever();
        builder.Property(c => c.MediaType).HasMaxLength(200);
        builder.HasOne<EvidenceItem>().WithOne().HasForeignKey<EvidenceContent>(c => c.EvidenceId);
    }
}
