using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Events.Hub;

#pragma warning disable CA1707
internal enum HubDeliveryStatus { PENDING, DELIVERED, DEAD_LETTERED }
#pragma warning restore CA1707

/// <summary>
/// One event on its way to one subscription. The relay claims the oldest pending delivery of each (subscription,
/// case) whose next attempt is due, so a case's events arrive in order and a failing one holds back only its own
/// case until it is delivered or dead-lettered.
/// </summary>
internal sealed class HubDelivery
{
    private HubDelivery() { }

    public Guid SubscriptionId { get; private set; }
    public Guid EventId { get; private set; }

    /// <summary>The event's case (the zero id for events without one): the unit of ordering.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>The event's outbox position; within one case it is also the feed order.</summary>
    public long EventPosition { get; private set; }
    public HubDeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Set while a relay holds the delivery; only that relay may record the attempt's outcome.</summary>
    public Guid? ClaimId { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public DateTimeOffset? DeadLetteredAt { get; private set; }
}

internal sealed class HubDeliveryConfiguration : IEntityTypeConfiguration<HubDelivery>
{
    public void Configure(EntityTypeBuilder<HubDelivery> builder)
    {
        builder.ToTable("hub_deliveries");
        builder.HasKey(d => new { d.SubscriptionId, d.EventId });
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasOne<HubSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'PENDING'").HasDatabaseName("ix_hub_deliveries_due");
        builder.HasIndex(d => new { d.SubscriptionId, d.CaseId, d.EventPosition }).HasFilter("status = 'PENDING'")
            .HasDatabaseName("ix_hub_deliveries_case_order");
        builder.HasIndex(d => new { d.SubscriptionId, d.Status });
    }
}
