using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Corrections.Executors;

internal sealed class ExecutorConfiguration : IEntityTypeConfiguration<Executor>
{
    /// <summary>When the seed rows were written (fixed, so the model does not change from one build to the next).</summary>
    private static readonly DateTimeOffset Seeded = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    public void Configure(EntityTypeBuilder<Executor> builder)
    {
        builder.ToTable("executors");
        builder.HasKey(e => e.Code);
        builder.Property(e => e.Code).HasMaxLength(Executor.CodeLength);
        builder.Property(e => e.Name).HasMaxLength(Executor.NameLength);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Property(e => e.UpdatedBy).HasMaxLength(200);
        builder.PrimitiveCollection(e => e.CorrectionTypes).ElementType().HasConversion<string>();
        builder.HasData(
            Seed(CorrectionCatalog.ActivationService, "Activation service", TimeSpan.FromMinutes(15), CorrectionType.RETRY),
            Seed(CorrectionCatalog.HssAdapter, "HSS adapter", TimeSpan.FromMinutes(15), CorrectionType.DATA_CORRECTION, CorrectionType.RETRY),
            Seed(CorrectionCatalog.ResourceInventory, "Resource inventory", TimeSpan.FromMinutes(30), CorrectionType.RESOURCE_REALLOCATION,
                CorrectionType.DATA_CORRECTION),
            Seed(CorrectionCatalog.Billing, "Billing and charging", TimeSpan.FromHours(1), CorrectionType.COMPENSATION,
                CorrectionType.DATA_CORRECTION),
            Seed(CorrectionCatalog.OrderManagement, "Order management", TimeSpan.FromMinutes(30), CorrectionType.ORDER_AMENDMENT,
                CorrectionType.CANCELLATION, CorrectionType.FORCE_COMPLETE),
            Seed(CorrectionCatalog.PartnerGateway, "Partner gateway", TimeSpan.FromHours(4), CorrectionType.RETRY),
            Seed(CorrectionCatalog.FieldWorkforce, "Field workforce", TimeSpan.FromHours(24), CorrectionType.RESOURCE_REALLOCATION),
            Seed(CorrectionCatalog.Crm, "CRM", TimeSpan.FromHours(1), CorrectionType.DATA_CORRECTION));
    }

    private static object Seed(string code, string name, TimeSpan deadline, params CorrectionType[] types) => new
    {
        Code = code,
        Name = name,
        CorrectionTypes = types.ToList(),
        ResultDeadline = deadline,
        Version = 1L,
        UpdatedAt = Seeded,
        UpdatedBy = "seed",
    };
}
