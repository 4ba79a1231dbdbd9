using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using FalloutManagement.Api.Modules.Queues.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Queues.Assignment;

/// <summary>
/// Automatic assignment for queues whose strategy is not MANUAL_PULL: when a case lands QUEUED in such a queue
/// (intake, classify, escalate), it is assigned to an active member with spare capacity, as a normal Assign
/// transition by the system actor <c>system:assignment</c>. No fitting member: the case stays QUEUED.
/// </summary>
internal sealed class AutoAssignment(FalloutDbContext db, ReferenceDataCache cache)
{
    public static readonly Actor Assigner = Actor.System("assignment");

    /// <summary>Loads the queue's active members and their open-case counts; null for manual-pull or unknown queues.</summary>
    public async Task<QueuePick?> PrepareAsync(string queueCode, CancellationToken ct)
    {
        var queues = await QueueCatalog.AllAsync(db, cache, ct);
        if (!queues.TryGetValue(queueCode, out var queue) || !queue.Active || queue.AssignmentStrategy == AssignmentStrategy.MANUAL_PULL)
        {
            return null;
        }
        // Most queues are worked by pulling: which queues have anyone to assign to is reference data (a member's
        // change clears it), so an intake into an unstaffed queue asks the database nothing here.
        var staffed = await cache.GetAsync("staffed-queues", async token => (await db.Set<QueueMember>().AsNoTracking()
            .Where(m => m.Active && m.Capacity > 0).Select(m => m.QueueCode).Distinct().ToListAsync(token)).ToHashSet(StringComparer.Ordinal), ct);
        if (!staffed.Contains(queueCode))
        {
            return null;
        }
        var members = await db.Set<QueueMember>().Where(m => m.QueueCode == queueCode && m.Active && m.Capacity > 0).ToListAsync(ct);
        if (members.Count == 0)
        {
            return null;
        }
        var users = members.Select(m => m.UserId).ToList();
        var loads = await db.Set<FalloutCase>().AsNoTracking()
            .Where(c => c.AssignedUser != null && users.Contains(c.AssignedUser) && c.Status != CaseStatus.CLOSED && c.Status != CaseStatus.CANCELLED)
            .GroupBy(c => c.AssignedUser!)
            .Select(g => new { User = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.User, x => x.Count, ct);
        return new QueuePick(queue.AssignmentStrategy, members, loads);
    }
}

/// <summary>The members of one queue ready to be picked from; counts rise as it assigns.</summary>
internal sealed class QueuePick(AssignmentStrategy strategy, IReadOnlyList<QueueMember> members, Dictionary<string, int> loads) : ICaseAssigner
{
    public AssignmentStrategy Strategy => strategy;

    /// <summary>Assigns a QUEUED, unassigned case to the chosen member; returns who, or null.</summary>
    public string? AssignIfQueued(FalloutCase fallout, DateTimeOffset now)
    {
        if (fallout.Status != CaseStatus.QUEUED || fallout.AssignedUser is not null)
        {
            return null;
        }
        var member = Choose(strategy, members, loads, fallout);
        if (member is null)
        {
            return null;
        }
        fallout.Assign(member.UserId, null, $"assigned automatically ({strategy})", AutoAssignment.Assigner, now);
        member.LastAssignedAt = now;
        loads[member.UserId] = loads.GetValueOrDefault(member.UserId) + 1;
        return member.UserId;
    }

    /// <summary>
    /// The member for a case. Every strategy skips inactive members and members at capacity. ROUND_ROBIN: the one
    /// served longest ago; LEAST_LOADED: fewest open cases; SKILL_BASED: least loaded among those whose skills
    /// name the case's reason code or category.
    /// </summary>
    public static QueueMember? Choose(AssignmentStrategy strategy, IEnumerable<QueueMember> members, IReadOnlyDictionary<string, int> loads,
        FalloutCase fallout)
    {
        var free = members.Where(m => m.Active && loads.GetValueOrDefault(m.UserId) < m.Capacity);
        return strategy switch
        {
            AssignmentStrategy.ROUND_ROBIN => free.OrderBy(m => m.LastAssignedAt ?? DateTimeOffset.MinValue)
                .ThenBy(m => loads.GetValueOrDefault(m.UserId))
                .ThenBy(m => m.UserId, StringComparer.Ordinal)
                .FirstOrDefault(),
            AssignmentStrategy.LEAST_LOADED => LeastLoaded(free, loads),
            AssignmentStrategy.SKILL_BASED => LeastLoaded(free.Where(m => m.Skills.Any(s => HasSkill(s, fallout))), loads),
            _ => null,
        };
    }

    private static bool HasSkill(string skill, FalloutCase fallout) =>
        string.Equals(skill, fallout.ReasonCode, StringComparison.OrdinalIgnoreCase)
        || (fallout.Category is { } category && string.Equals(skill, category.ToString(), StringComparison.OrdinalIgnoreCase));

    private static QueueMember? LeastLoaded(IEnumerable<QueueMember> candidates, IReadOnlyDictionary<string, int> loads) =>
        candidates.OrderBy(m => loads.GetValueOrDefault(m.UserId))
            .ThenBy(m => m.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(m => m.UserId, StringComparer.Ordinal)
            .FirstOrDefault();
}
