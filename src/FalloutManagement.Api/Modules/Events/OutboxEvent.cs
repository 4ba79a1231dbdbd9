using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// A domain event written in the same transaction as the change it describes (transactional outbox).
/// The table also has <c>position</c> (identity) and <c>transaction_id</c> (xid8, <c>pg_current_xact_id()</c>)
/// columns filled by PostgreSQL, which make the feed gap-free; they are not mapped here.
/// </summary>
public sealed class OutboxEvent
{
    private OutboxEvent() { }

    public OutboxEvent(Guid id, string eventType, Guid? caseId, DateTimeOffset occurredAt, string payloadJson)
    {
        Id = id;
        EventType = eventType;
        CaseId = caseId;
        OccurredAt = occurredAt;
        PayloadJson = payloadJson;
    }

    public Guid Id { get; private set; }
    public string EventType { get; private set; } = "";
    public Guid? CaseId { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public string PayloadJson { get; private set; } = "{}";
}

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("outbox_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.EventType).HasMaxLength(100);
        builder.Property(e => e.PayloadJson).HasColumnType("jsonb");
        builder.HasIndex(e => e.CaseId);
    }
}
