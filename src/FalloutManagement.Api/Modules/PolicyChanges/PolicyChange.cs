using FalloutManagement.Api.Common.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.PolicyChanges;

#pragma warning disable CA1707 // Contract names.
internal enum PolicyChangeStatus { PROPOSED, APPROVED, REJECTED }
#pragma warning restore CA1707

/// <summary>
/// A proposed change of governed policy data (four eyes): nothing changes until a second admin approves it; the
/// maker can never approve their own proposal.
/// </summary>
internal sealed class PolicyChange
{
    private PolicyChange() { }

    public PolicyChange(Guid id, PolicyChangeDraft draft, string beforeJson, string afterJson, string requestJson, string proposedBy,
        DateTimeOffset now)
    {
        Id = id;
        Kind = draft.Kind;
        Target = draft.Target;
        Operation = draft.Operation;
        BeforeJson = beforeJson;
        AfterJson = afterJson;
        RequestJson = requestJson;
        BaseVersion = draft.BaseVersion;
        Reason = draft.Reason;
        ProposedBy = proposedBy;
        ProposedAt = now;
        Status = PolicyChangeStatus.PROPOSED;
    }

    public Guid Id { get; private set; }
    public string Kind { get; private set; } = "";
    public string Target { get; private set; } = "";
    public string Operation { get; private set; } = "";
    public string? BeforeJson { get; private set; }
    public string AfterJson { get; private set; } = "{}";
    public string RequestJson { get; private set; } = "{}";
    public long? BaseVersion { get; private set; }
    public string? Reason { get; private set; }
    public string ProposedBy { get; private set; } = "";
    public DateTimeOffset ProposedAt { get; private set; }
    public PolicyChangeStatus Status { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }
    public long Version { get; private set; }

    public void Approve(string checker, string? reason, string afterJson, DateTimeOffset now)
    {
        EnsureProposed();
        EnsureChecker(checker);
        Decide(PolicyChangeStatus.APPROVED, checker, reason, now);
        AfterJson = afterJson;
    }

    public void Reject(string checker, string? reason, DateTimeOffset now)
    {
        EnsureProposed();
        Decide(PolicyChangeStatus.REJECTED, checker, reason, now);
    }

    public void EnsureChecker(string checker)
    {
        if (checker == ProposedBy)
        {
            throw DomainException.Denied(ProblemCodes.SegregationOfDuties, "Segregation of duties",
                "A policy change is approved by another admin, never by its maker.");
        }
    }

    public void EnsureProposed()
    {
        if (Status != PolicyChangeStatus.PROPOSED)
        {
            throw DomainException.InvalidTransition($"The policy change is {Status}; only a PROPOSED change can be decided.");
        }
    }

    private void Decide(PolicyChangeStatus status, string checker, string? reason, DateTimeOffset now)
    {
        Status = status;
        DecidedBy = checker;
        DecidedAt = now;
        DecisionReason = reason;
        Version++;
    }
}

internal sealed class PolicyChangeConfiguration : IEntityTypeConfiguration<PolicyChange>
{
    public void Configure(EntityTypeBuilder<PolicyChange> builder)
    {
        builder.ToTable("policy_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasMaxLength(50);
        builder.Property(c => c.Target).HasMaxLength(200);
        builder.Property(c => c.Operation).HasMaxLength(20);
        builder.Property(c => c.BeforeJson).HasColumnType("jsonb");
        builder.Property(c => c.AfterJson).HasColumnType("jsonb");
        builder.Property(c => c.RequestJson).HasColumnType("jsonb");
        builder.Property(c => c.Reason).HasMaxLength(2000);
        builder.Property(c => c.ProposedBy).HasMaxLength(200);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.DecidedBy).HasMaxLength(200);
        builder.Property(c => c.DecisionReason).HasMaxLength(2000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.Status, c.ProposedAt });
        builder.HasIndex(c => new { c.Kind, c.Target });
    }
}
