using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Assignment;
using FalloutManagement.Api.Modules.Queues.Domain;

namespace FalloutManagement.UnitTests.Queues;

public sealed class AutoAssignmentTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static FalloutCase Case(string reason = "STATIC_IP_CONFLICT") =>
        FalloutCase.Report(new FalloutReport("src", Guid.NewGuid().ToString(), "c", reason, "m"),
            new CaseRouting(FalloutCategory.RESOURCE, Severity.HIGH, "Q"), T0, new Actor("src", new HashSet<string>(), false), T0);

    private static QueueMember Member(string user, int capacity = 5, DateTimeOffset? last = null, bool active = true, params string[] skills) =>
        new("Q", user) { Capacity = capacity, LastAssignedAt = last, Active = active, Skills = [.. skills] };

    [Fact]
    public void Round_robin_takes_turns_and_skips_full_and_inactive_members()
    {
        QueueMember[] members = [Member("ann", last: T0), Member("bob", last: T0.AddMinutes(-5)), Member("cid", capacity: 1), Member("dan", active: false)];
        var loads = new Dictionary<string, int> { ["cid"] = 1 };
        var pick = new QueuePick(AssignmentStrategy.ROUND_ROBIN, members, loads);
        var first = Case();
        var second = Case();
        var third = Case();
        Assert.Equal("bob", pick.AssignIfQueued(first, T0.AddMinutes(1)));
        Assert.Equal("ann", pick.AssignIfQueued(second, T0.AddMinutes(2)));
        Assert.Equal("bob", pick.AssignIfQueued(third, T0.AddMinutes(3)));
        Assert.Equal(CaseStatus.ASSIGNED, first.Status);
        Assert.Equal("system:assignment", AutoAssignment.Assigner.Id);
    }

    [Fact]
    public void Least_loaded_respects_capacity_and_leaves_the_case_queued_when_everyone_is_full()
    {
        QueueMember[] members = [Member("ann", capacity: 2), Member("bob", capacity: 3)];
        var loads = new Dictionary<string, int> { ["ann"] = 1, ["bob"] = 2 };
        var pick = new QueuePick(AssignmentStrategy.LEAST_LOADED, members, loads);
        Assert.Equal("ann", pick.AssignIfQueued(Case(), T0)); // ann 2/2, bob 2/3
        Assert.Equal("bob", pick.AssignIfQueued(Case(), T0)); // both full now
        var last = Case();
        Assert.Null(pick.AssignIfQueued(last, T0));
        Assert.Equal(CaseStatus.QUEUED, last.Status);
    }

    [Fact]
    public void Skill_based_picks_among_members_with_the_reason_or_category_skill()
    {
        QueueMember[] members = [Member("ann", skills: "BILLING"), Member("bob", skills: "static_ip_conflict"), Member("cid", skills: "RESOURCE")];
        var loads = new Dictionary<string, int> { ["bob"] = 3 };
        var pick = new QueuePick(AssignmentStrategy.SKILL_BASED, members, loads);
        Assert.Equal("cid", pick.AssignIfQueued(Case(), T0)); // bob (reason) and cid (category) qualify; cid has fewer
        Assert.Null(QueuePick.Choose(AssignmentStrategy.SKILL_BASED, [Member("ann", skills: "BILLING")], loads, Case()));
    }

    [Fact]
    public void Manual_pull_never_assigns_and_an_assigned_case_is_left_alone()
    {
        Assert.Null(QueuePick.Choose(AssignmentStrategy.MANUAL_PULL, [Member("ann")], new Dictionary<string, int>(), Case()));
        var fallout = Case();
        fallout.Assign("zed", null, null, new Actor("zed", new HashSet<string>(), false), T0);
        Assert.Null(new QueuePick(AssignmentStrategy.ROUND_ROBIN, [Member("ann")], []).AssignIfQueued(fallout, T0));
        Assert.Equal("zed", fallout.AssignedUser);
    }
}
