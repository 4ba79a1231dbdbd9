using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Audit;

/// <summary>
/// One append-only audit entry. A database trigger refuses UPDATE and DELETE, and another chains each entry of
/// a case to the one before it (<see cref="PreviousHash"/>, <see cref="Hash"/>) so tampering shows.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(Guid id, Guid? caseId, Guid? correctionActionId, string actor, string action, string? reason,
        string? beforeJson, string? afterJson, string? correlationId, DateTimeOffset occurredAt, Guid? breakGlassId = null)
    {
        BreakGlassId = breakGlassId;
        Id = id;
        CaseId = caseId;
        CorrectionActionId = correctionActionId;
        Actor = actor;
        Action = action;
        Reason = reason;
        BeforeJson = beforeJson;
        AfterJson = afterJson;
        CorrelationId = correlationId;
        OccurredAt = occurredAt;
    }

    public Guid Id { get; private set; }

    /// <summary>The case; null for changes of reference data and policy.</summary>
    public Guid? CaseId { get; private set; }
    public Guid? CorrectionActionId { get; private set; }
    public string Actor { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string? Reason { get; private set; }
    public string? BeforeJson { get; private set; }
    public string? AfterJson { get; private set; }
    public string? CorrelationId { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The break-glass grant the actor held when acting, if any: every action under break-glass is marked.</summary>
    public Guid? BreakGlassId { get; private set; }

    /// <summary>
    /// Position in its chain (per case; reference data share one chain). Set by the database, or by
    /// <see cref="AuditChain.TrySeal"/> for the first entries of a chain that starts in the same save.
    /// </summary>
    public long ChainSeq { get; private set; }
    public string? PreviousHash { get; private set; }
    public string? Hash { get; private set; }

    /// <summary>Takes the place <see cref="AuditChain"/> computed; <paramref name="occurredAt"/> is the time as stored (whole microseconds).</summary>
    internal void Seal(long chainSeq, string previousHash, string hash, DateTimeOffset occurredAt)
    {
        ChainSeq = chainSeq;
        PreviousHash = previousHash;
        Hash = hash;
        OccurredAt = occurredAt;
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.CorrelationId).HasMaxLength(200);
        builder.Property(e => e.BeforeJson).HasColumnType("jsonb");
        builder.Property(e => e.AfterJson).HasColumnType("jsonb");
        builder.Property(e => e.ChainSeq).ValueGeneratedOnAdd().HasDefaultValue(0L);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).ValueGeneratedOnAdd();
        builder.Property(e => e.Hash).HasMaxLength(64).ValueGeneratedOnAdd();
        builder.HasIndex(e => new { e.CaseId, e.ChainSeq });
        builder.HasIndex(e => new { e.Actor, e.OccurredAt });
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => e.BreakGlassId).HasFilter("break_glass_id IS NOT NULL");
    }
}
