using FalloutManagement.Api.Modules.Events.Feed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Events.Hub;

/// <summary>
/// A TM Forum style hub registration: every event of the feed that matches <see cref="Query"/> is POSTed to
/// <see cref="Callback"/>, signed with <see cref="Secret"/>. The relay fans the feed out into deliveries up to
/// the subscription's cursor (<see cref="CursorTransactionId"/>, <see cref="CursorPosition"/>).
/// </summary>
internal sealed class HubSubscription
{
    private HubSubscription() { }

    public HubSubscription(Guid id, Uri callback, HubQuery query, string secret, string createdBy, DateTimeOffset createdAt, FeedCursor startAfter,
        IReadOnlyCollection<string> ownerRoles, bool orchestrates)
    {
        OwnerRoles = [.. ownerRoles];
        Orchestrates = orchestrates;
        CursorTransactionId = (long)startAfter.TransactionId;
        CursorPosition = startAfter.Position;
        Id = id;
        Callback = callback.AbsoluteUri;
        Query = query.Text;
        EventTypes = query.EventTypes is { Count: > 0 } types ? [.. types] : null;
        CaseId = query.CaseId;
        Executor = query.Executor;
        Secret = secret;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Callback { get; private set; } = "";

    /// <summary>The filter as the subscriber wrote it (normalized), e.g. <c>eventType=FalloutCaseClosed&amp;caseId=...</c>.</summary>
    public string? Query { get; private set; }
    public string[]? EventTypes { get; private set; }
    public Guid? CaseId { get; private set; }

    /// <summary>
    /// The executor this subscription delivers commands to (<c>executor=</c>, registered by an admin): only events whose
    /// <c>executor</c> is this code, delivered whole (the command's payload unmasked).
    /// </summary>
    public string? Executor { get; private set; }

    /// <summary>The HMAC key; stored because every delivery is signed with it, never returned by the API.</summary>
    public string Secret { get; private set; } = "";
    public string CreatedBy { get; private set; } = "";

    /// <summary>The roles of its owner at registration: deliveries carry what those roles may read (masking, token ids).</summary>
    public string[]? OwnerRoles { get; private set; }

    /// <summary>Registered by an order orchestrator (<c>orchestrates: true</c>): token ids of every case are delivered.</summary>
    public bool Orchestrates { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The feed position (transaction id, position) up to which events were turned into deliveries.</summary>
    public long CursorTransactionId { get; private set; }
    public long CursorPosition { get; private set; }
}

internal sealed class HubSubscriptionConfiguration : IEntityTypeConfiguration<HubSubscription>
{
    public void Configure(EntityTypeBuilder<HubSubscription> builder)
    {
        builder.ToTable("hub_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Callback).HasMaxLength(2000);
        builder.Property(s => s.Query).HasMaxLength(2000);
        builder.Property(s => s.Secret).HasMaxLength(200);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.Executor).HasMaxLength(60);
        builder.HasIndex(s => s.CreatedBy);
    }
}
