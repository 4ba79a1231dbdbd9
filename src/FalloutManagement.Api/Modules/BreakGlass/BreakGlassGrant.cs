using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.BreakGlass;

#pragma warning disable CA1707 // Contract names.
internal enum BreakGlassStatus { REQUESTED, ACTIVE, ENDED }
#pragma warning restore CA1707

/// <summary>
/// One break-glass elevation: requested by a person with a reason, a scope and a duration; granted by a second
/// person (or self-granted in an emergency); active from the grant for <see cref="Minutes"/>; ended when it expires
/// or its holder or a supervisor ends it. The row is the review record; audit entries written under it carry its id.
/// </summary>
internal sealed class BreakGlassGrant
{
    private BreakGlassGrant() { }

    public BreakGlassGrant(Guid id, string holder, string reason, ElevationKind kind, string? target, int minutes, DateTimeOffset now)
    {
        Id = id;
        Holder = holder;
        Reason = reason;
        ScopeKind = kind;
        ScopeTarget = target;
        Minutes = minutes;
        Status = BreakGlassStatus.REQUESTED;
        RequestedAt = now;
    }

    public Guid Id { get; private set; }
    public string Holder { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public ElevationKind ScopeKind { get; private set; }
    public string? ScopeTarget { get; private set; }
    public int Minutes { get; private set; }
    public BreakGlassStatus Status { get; private set; }
    public bool Emergency { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public string? GrantedBy { get; private set; }
    public DateTimeOffset? StartsAt { get; private set; }
    public DateTimeOffset? EndsAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndedBy { get; private set; }
    public long Version { get; private set; }

    public string Scope => BreakGlassScope.Format(ScopeKind, ScopeTarget);

    /// <summary>The case of a <c>case:</c> scope; null for a queue or reveal-all scope.</summary>
    public Guid? CaseId => ScopeKind == ElevationKind.CASE && Guid.TryParse(ScopeTarget, out var id) ? id : null;

    /// <summary>Starts the elevation now. A grant by the holder is allowed only in emergency mode.</summary>
    public void Grant(string grantor, bool emergency, DateTimeOffset now)
    {
        if (Status != BreakGlassStatus.REQUESTED)
        {
            throw DomainException.Refused(ProblemCodes.InvalidTransition, "Invalid transition", $"The break-glass request is {Status}, not REQUESTED.");
        }
        if (grantor == Holder && !emergency)
        {
            throw DomainException.Denied(ProblemCodes.SegregationOfDuties, "Segregation of duties",
                "Another person grants a break-glass request; self-granting is for emergencies only ({\"emergency\": true}).");
        }
        Status = BreakGlassStatus.ACTIVE;
        Emergency = emergency;
        GrantedBy = grantor;
        StartsAt = now;
        EndsAt = now.AddMinutes(Minutes);
        Version++;
    }

    /// <summary>Ends an active elevation: by its expiry (the sweep) or early, by its holder or a supervisor.</summary>
    public void End(string by, DateTimeOffset now)
    {
        if (Status != BreakGlassStatus.ACTIVE)
        {
            throw DomainException.Refused(ProblemCodes.InvalidTransition, "Invalid transition", $"The break-glass grant is {Status}, not ACTIVE.");
        }
        Status = BreakGlassStatus.ENDED;
        EndedBy = by;
        EndedAt = EndsAt is { } ends && ends < now ? ends : now;
        Version++;
    }

    public bool IsActiveAt(DateTimeOffset now) => Status == BreakGlassStatus.ACTIVE && EndsAt > now;

    public Elevation ToElevation() => new(Id, ScopeKind, ScopeTarget, EndsAt!.Value);
}

internal sealed class BreakGlassGrantConfiguration : IEntityTypeConfiguration<BreakGlassGrant>
{
    public void Configure(EntityTypeBuilder<BreakGlassGrant> builder)
    {
        builder.ToTable("break_glass_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Holder).HasMaxLength(200);
        builder.Property(g => g.Reason).HasMaxLength(2000);
        builder.Property(g => g.ScopeKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(g => g.ScopeTarget).HasMaxLength(100);
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(g => g.GrantedBy).HasMaxLength(200);
        builder.Property(g => g.EndedBy).HasMaxLength(200);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.Ignore(g => g.Scope);
        builder.Ignore(g => g.CaseId);
        builder.HasIndex(g => new { g.Holder, g.Status });
        builder.HasIndex(g => new { g.Status, g.EndsAt });
        builder.HasIndex(g => g.RequestedAt);
    }
}

/// <summary>The scope as written in the API: <c>queue:CODE</c>, <c>case:UUID</c> or <c>reveal-all</c>.</summary>
internal static class BreakGlassScope
{
    public const string RevealAll = "reveal-all";

    public static string Format(ElevationKind kind, string? target) => kind switch
    {
        ElevationKind.QUEUE => $"queue:{target}",
        ElevationKind.CASE => $"case:{target}",
        _ => RevealAll,
    };

    public static bool TryParse(string? scope, out ElevationKind kind, out string? target)
    {
        kind = ElevationKind.REVEAL_ALL;
        target = null;
        if (scope == RevealAll)
        {
            return true;
        }
        // A queue scope names a code a queue can have: a lower-case or hyphenated one was accepted, granted and then
        // matched no queue at all (the case queries compare codes exactly).
        if (scope?.StartsWith("queue:", StringComparison.Ordinal) == true && QueueCodes.IsValid(scope[6..]))
        {
            (kind, target) = (ElevationKind.QUEUE, scope[6..]);
            return true;
        }
        if (scope?.StartsWith("case:", StringComparison.Ordinal) == true && Guid.TryParse(scope[5..], out var id) && id != Guid.Empty)
        {
            (kind, target) = (ElevationKind.CASE, id.ToString());
            return true;
        }
        return false;
    }
}
