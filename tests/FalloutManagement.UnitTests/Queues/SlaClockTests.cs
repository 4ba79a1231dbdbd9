using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using FalloutManagement.Api.Modules.Queues.Sla;

namespace FalloutManagement.UnitTests.Queues;

public sealed class SlaClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static DateTimeOffset Wib(int day, int hour) => new DateTimeOffset(2026, 11, day, hour, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    private static WorkingCalendar Office => new("Asia/Jakarta", new(8, 0), new(17, 0), Weekdays, []);

    [Fact]
    public void A_clock_is_due_after_its_budget_and_at_risk_at_eighty_percent()
    {
        var clock = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_RESOLVE, T0, TimeSpan.FromHours(10), null, WorkingCalendar.TwentyFourSeven, T0);
        Assert.Equal(T0.AddHours(10), clock.DueAt);
        Assert.Equal(T0.AddHours(8), clock.AtRiskAt);
        Assert.Equal(SlaClockState.ON_TRACK, clock.StateAt(T0.AddHours(7.9)));
        Assert.Equal(SlaClockState.AT_RISK, clock.StateAt(T0.AddHours(8)));
        Assert.Equal(SlaClockState.BREACHED, clock.StateAt(T0.AddHours(10)));
    }

    [Fact]
    public void A_pause_moves_the_due_time_by_the_time_paused()
    {
        var clock = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_RESOLVE, T0, TimeSpan.FromHours(4), null, WorkingCalendar.TwentyFourSeven, T0);
        clock.Pause(T0.AddHours(1));
        Assert.Equal(SlaClockState.PAUSED, clock.StateAt(T0.AddHours(50)));
        Assert.Equal(TimeSpan.FromHours(3), clock.RemainingAt(T0.AddHours(50)));
        clock.Resume(T0.AddHours(3), WorkingCalendar.TwentyFourSeven);
        Assert.Equal(TimeSpan.FromHours(2), clock.PausedTotal);
        Assert.Equal(T0.AddHours(6), clock.DueAt);
        Assert.Equal(T0.AddHours(5.2), clock.AtRiskAt);
        Assert.Equal(TimeSpan.FromHours(2), clock.ElapsedAt(T0.AddHours(4)));
    }

    [Fact]
    public void Only_working_time_paused_moves_a_business_hours_clock()
    {
        // Monday 09:00 + 8 working hours = Monday 17:00. Paused Monday 16:00 to Tuesday 10:00: 1h + 2h working.
        var clock = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_RESOLVE, Wib(2, 9), TimeSpan.FromHours(8), null, Office, T0);
        Assert.Equal(Wib(2, 17), clock.DueAt);
        clock.Pause(Wib(2, 16));
        clock.Resume(Wib(3, 10), Office);
        Assert.Equal(TimeSpan.FromHours(3), clock.PausedTotal);
        Assert.Equal(Wib(3, 11), clock.DueAt);
    }

    [Fact]
    public void Re_planning_under_another_budget_keeps_the_time_paused()
    {
        var clock = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_RESOLVE, Wib(2, 9), TimeSpan.FromHours(8), null, Office, T0);
        clock.Pause(Wib(2, 16));
        clock.Resume(Wib(3, 10), Office);
        var policy = Guid.NewGuid();
        clock.Plan(TimeSpan.FromHours(4), policy, Office);
        Assert.Equal(Wib(2, 16), clock.DueAt); // 09:00 + 4h budget + 3h paused
        Assert.Equal(policy, clock.PolicyId);
    }

    [Fact]
    public void A_clock_met_while_paused_stops_at_its_pause()
    {
        var clock = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_RESOLVE, T0, TimeSpan.FromHours(4), null, WorkingCalendar.TwentyFourSeven, T0);
        clock.Pause(T0.AddHours(1));
        clock.Meet(T0.AddHours(9));
        Assert.Equal(T0.AddHours(1), clock.MetAt);
        Assert.Equal(SlaClockState.MET, clock.StateAt(T0.AddDays(9)));
        Assert.Equal(TimeSpan.Zero, clock.RemainingAt(T0.AddDays(9)));
    }

    [Fact]
    public void A_breached_clock_stays_breached_even_when_re_planned_later()
    {
        var clock = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_ASSIGN, T0, TimeSpan.FromHours(1), null, WorkingCalendar.TwentyFourSeven, T0);
        clock.MarkBreached(T0.AddHours(2));
        clock.Plan(TimeSpan.FromHours(10), null, WorkingCalendar.TwentyFourSeven);
        Assert.Equal(SlaClockState.BREACHED, clock.StateAt(T0.AddHours(3)));
        Assert.Equal(SlaClockState.BREACHED, clock.State);
    }

    [Fact]
    public void The_planner_starts_meets_pauses_and_resumes_clocks_from_the_case_state()
    {
        var policy = new SlaPolicy
        {
            Id = Guid.NewGuid(), Queue = "Q", TimeToClassifyMinutes = 10, TimeToAssignMinutes = 20, TimeToFirstActionMinutes = 30,
            TimeToResolveMinutes = 240, PauseWhile = [CaseStatus.WAITING_CUSTOMER], PausedClocks = [SlaClockKind.TIME_TO_RESOLVE],
        };
        var reference = new SlaReference(new Dictionary<string, FalloutQueue>(), [policy]);
        var actor = new Actor("olga", new HashSet<string>(), false);
        var fallout = FalloutCase.Report(new FalloutReport("src", "e1", "c1", "R", "m", PromisedAt: T0.AddHours(48)),
            new CaseRouting(FalloutCategory.DATA, Severity.MEDIUM, "Q"), T0, actor, T0);

        var clocks = SlaPlanner.Sync(fallout, [], reference, T0).ToList();
        Assert.Equal(5, clocks.Count);
        Assert.Equal(SlaClockState.MET, clocks.Single(k => k.Kind == SlaClockKind.TIME_TO_CLASSIFY).State);
        Assert.Equal(T0.AddMinutes(20), fallout.SlaDueAt); // the earliest running clock: time to assign

        fallout.Assign("olga", null, null, actor, T0.AddMinutes(5));
        fallout.Start(actor, T0.AddMinutes(6));
        fallout.Wait(WaitingFor.CUSTOMER, "needs the customer's answer", null, actor, T0.AddMinutes(10));
        SlaPlanner.Sync(fallout, clocks, reference, T0.AddMinutes(10));
        var resolve = clocks.Single(k => k.Kind == SlaClockKind.TIME_TO_RESOLVE);
        Assert.Equal(SlaClockState.PAUSED, resolve.State);
        Assert.Equal(T0.AddMinutes(6), clocks.Single(k => k.Kind == SlaClockKind.TIME_TO_FIRST_ACTION).MetAt);
        Assert.Equal(T0.AddHours(48), fallout.SlaDueAt); // only the customer promise runs

        fallout.Continue(actor, T0.AddMinutes(70));
        SlaPlanner.Sync(fallout, clocks, reference, T0.AddMinutes(70));
        Assert.Equal(TimeSpan.FromMinutes(60), resolve.PausedTotal);
        Assert.Equal(T0.AddMinutes(300), resolve.DueAt);
        Assert.Equal(T0.AddMinutes(300), fallout.SlaDueAt);
    }

    [Fact]
    public void Classification_re_plans_running_clocks_but_an_escalated_case_keeps_its_plan()
    {
        var slow = new SlaPolicy { Id = Guid.NewGuid(), Queue = "FALLOUT_TRIAGE", TimeToClassifyMinutes = 60, TimeToAssignMinutes = 600,
            TimeToFirstActionMinutes = 600, TimeToResolveMinutes = 6000 };
        var fast = new SlaPolicy { Id = Guid.NewGuid(), Queue = "Q", TimeToClassifyMinutes = 5, TimeToAssignMinutes = 10,
            TimeToFirstActionMinutes = 20, TimeToResolveMinutes = 60 };
        var reference = new SlaReference(new Dictionary<string, FalloutQueue>(), [slow, fast]);
        var actor = new Actor("sam", new HashSet<string>(), false);
        var fallout = FalloutCase.Report(new FalloutReport("src", "e2", "c2", "R", "m"), null, T0, actor, T0);
        var clocks = SlaPlanner.Sync(fallout, [], reference, T0).ToList();
        Assert.Equal(T0.AddMinutes(6000), clocks.Single(k => k.Kind == SlaClockKind.TIME_TO_RESOLVE).DueAt);

        fallout.Classify(new CaseRouting(FalloutCategory.DATA, Severity.LOW, "Q"), "triage", actor, T0.AddMinutes(1));
        SlaPlanner.Sync(fallout, clocks, reference, T0.AddMinutes(1));
        Assert.Equal(T0.AddMinutes(60), clocks.Single(k => k.Kind == SlaClockKind.TIME_TO_RESOLVE).DueAt);

        fallout.Escalate("late", "FALLOUT_TRIAGE", raiseSeverity: true, actor, T0.AddMinutes(2));
        SlaPlanner.Sync(fallout, clocks, reference, T0.AddMinutes(2));
        Assert.Equal(T0.AddMinutes(60), clocks.Single(k => k.Kind == SlaClockKind.TIME_TO_RESOLVE).DueAt);
        Assert.Equal(fast.Id, clocks.Single(k => k.Kind == SlaClockKind.TIME_TO_RESOLVE).PolicyId);
    }

    [Fact]
    public void The_worked_example_of_the_routing_and_sla_doc_holds()
    {
        // docs/routing-and-sla.md: BILLING_RA x CRITICAL x ENTERPRISE, reported Friday 2026-11-06 15:30 Jakarta.
        static DateTimeOffset At(int day, int hour, int minute) =>
            new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();
        var reported = At(6, 15, 30);
        var assign = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_ASSIGN, reported, TimeSpan.FromMinutes(15), null, Office, reported);
        var firstAction = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_FIRST_ACTION, reported, TimeSpan.FromMinutes(30), null, Office, reported);
        var resolve = SlaClock.Start(Guid.NewGuid(), SlaClockKind.TIME_TO_RESOLVE, reported, TimeSpan.FromMinutes(120), null, Office, reported);
        Assert.Equal(At(6, 15, 45), assign.DueAt);
        Assert.Equal(At(6, 16, 0), firstAction.DueAt);
        Assert.Equal(At(9, 8, 30), resolve.DueAt);
        Assert.Equal(At(9, 8, 6), resolve.AtRiskAt);

        resolve.Pause(At(6, 16, 30));
        resolve.Resume(At(9, 8, 15), Office);
        Assert.Equal(TimeSpan.FromMinutes(45), resolve.PausedTotal);
        Assert.Equal(At(9, 9, 15), resolve.DueAt);
    }

    [Fact]
    public void The_most_specific_policy_applies()
    {
        var any = new SlaPolicy { Id = Guid.NewGuid(), Queue = "Q" };
        var high = new SlaPolicy { Id = Guid.NewGuid(), Queue = "Q", Severity = Severity.HIGH };
        var enterprise = new SlaPolicy { Id = Guid.NewGuid(), Queue = "Q", CustomerSegment = "ENTERPRISE" };
        var enterpriseHigh = new SlaPolicy { Id = Guid.NewGuid(), Queue = "Q", Severity = Severity.HIGH, CustomerSegment = "ENTERPRISE" };
        var inactive = new SlaPolicy { Id = Guid.NewGuid(), Queue = "Q", Severity = Severity.LOW, Active = false };
        SlaPolicy[] all = [any, high, enterprise, enterpriseHigh, inactive];
        Assert.Same(enterpriseHigh, SlaPlanner.PolicyFor(all, "Q", Severity.HIGH, "enterprise"));
        Assert.Same(enterprise, SlaPlanner.PolicyFor(all, "Q", Severity.LOW, "ENTERPRISE"));
        Assert.Same(high, SlaPlanner.PolicyFor(all, "Q", Severity.HIGH, null));
        Assert.Same(any, SlaPlanner.PolicyFor(all, "Q", Severity.LOW, "CONSUMER"));
        Assert.Null(SlaPlanner.PolicyFor(all, "OTHER", Severity.LOW, null));
    }
}
