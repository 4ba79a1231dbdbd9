using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Incidents.Domain;
using FalloutManagement.Api.Modules.Incidents.Recovery;

namespace FalloutManagement.UnitTests.Incidents;

public sealed class IncidentLinkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Supervisor = new("sam", new HashSet<string> { Roles.Supervisor }, false);
    private static readonly Guid IncidentId = Guid.CreateVersion7();

    private static FalloutCase Queued() => FalloutCase.Report(
        new FalloutReport("activation-service", "evt-1", "corr-1", "HSS_TIMEOUT", "m", ServiceOrderItemId: "soi-1", FailedStepKey: "Provision"),
        new CaseRouting(FalloutCategory.ACTIVATION, Severity.HIGH, "MOBILE_ACTIVATION_L2"), Now.AddHours(8), Actor.System("test"), Now);

    private static FalloutCase InProgress()
    {
        var fallout = Queued();
        fallout.Assign("olga", null, null, Supervisor, Now);
        fallout.Start(Supervisor, Now);
        return fallout;
    }

    [Fact]
    public void Linking_parks_a_case_not_yet_corrected_and_records_the_change()
    {
        var fallout = InProgress();
        var version = fallout.Version;

        fallout.LinkIncident(IncidentId, "same outage", Supervisor, Now);

        Assert.Equal(CaseStatus.WAITING_INCIDENT, fallout.Status);
        Assert.Equal(WaitingFor.INCIDENT, fallout.WaitingFor);
        Assert.Equal(IncidentId, fallout.IncidentId);
        Assert.Equal(version + 1, fallout.Version);
        var change = fallout.PendingChanges[^1];
        Assert.Equal("INCIDENT_LINKED", change.Action);
        Assert.Equal(CaseEventTypes.IncidentLinked, change.Event?.EventType);
        Assert.Equal(CaseStatus.IN_PROGRESS, change.Before!.Status);
    }

    [Fact]
    public void A_case_in_triage_is_linked_without_changing_its_state()
    {
        var fallout = FalloutCase.Report(new FalloutReport("s", "e", "c", "R", "m"), null, Now.AddHours(8), Actor.System("test"), Now);

        fallout.LinkIncident(IncidentId, "same outage", Supervisor, Now);

        Assert.Equal(CaseStatus.DETECTED, fallout.Status);
        Assert.Equal(IncidentId, fallout.IncidentId);
    }

    [Fact]
    public void A_case_links_to_one_incident_at_a_time()
    {
        var fallout = Queued();
        fallout.LinkIncident(IncidentId, "r", Supervisor, Now);

        Assert.Equal(ProblemCodes.InvalidTransition, Assert.Throws<DomainException>(() => fallout.LinkIncident(IncidentId, "r", Supervisor, Now)).Code);
        Assert.Equal(ProblemCodes.InvalidTransition,
            Assert.Throws<DomainException>(() => fallout.LinkIncident(Guid.CreateVersion7(), "r", Supervisor, Now)).Code);
    }

    [Fact]
    public void A_terminal_case_cannot_be_linked()
    {
        var fallout = Queued();
        fallout.Cancel("duplicate", Supervisor, Now);

        Assert.Equal(ProblemCodes.InvalidTransition, Assert.Throws<DomainException>(() => fallout.LinkIncident(IncidentId, "r", Supervisor, Now)).Code);
    }

    [Fact]
    public void Unlinking_returns_a_parked_case_to_where_its_work_stood()
    {
        var queued = Queued();
        var assigned = Queued();
        assigned.Assign("olga", null, null, Supervisor, Now);
        var working = InProgress();
        foreach (var fallout in new[] { queued, assigned, working })
        {
            fallout.LinkIncident(IncidentId, "r", Supervisor, Now);
            fallout.UnlinkIncident(IncidentId, "not this one", Supervisor, Now);
            Assert.Null(fallout.IncidentId);
            Assert.Null(fallout.WaitingFor);
            Assert.Equal("INCIDENT_UNLINKED", fallout.PendingChanges[^1].Action);
        }

        Assert.Equal(CaseStatus.QUEUED, queued.Status);
        Assert.Equal(CaseStatus.ASSIGNED, assigned.Status);
        Assert.Equal(CaseStatus.IN_PROGRESS, working.Status);
    }

    [Fact]
    public void Unlinking_a_case_not_linked_to_that_incident_is_refused()
    {
        var fallout = Queued();

        Assert.Equal(ProblemCodes.NotFound, Assert.Throws<DomainException>(() => fallout.UnlinkIncident(IncidentId, "r", Supervisor, Now)).Code);
    }

    [Fact]
    public void Classification_stamps_classified_at_once()
    {
        var fallout = FalloutCase.Report(new FalloutReport("s", "e", "c", "R", "m"), null, Now.AddHours(8), Actor.System("test"), Now);
        Assert.Null(fallout.ClassifiedAt);

        fallout.Classify(new CaseRouting(FalloutCategory.DATA, Severity.LOW, "FULFILLMENT_DATA_FIX"), "triaged", Supervisor, Now.AddHours(2));

        Assert.Equal(Now.AddHours(2), fallout.ClassifiedAt);
    }

    [Theory]
    [InlineData("activation-service", null, "HSS_TIMEOUT", null, true)]
    [InlineData("order-service", null, "HSS_TIMEOUT", null, false)]
    [InlineData(null, FalloutCategory.ACTIVATION, null, "Provision", true)]
    [InlineData(null, FalloutCategory.DATA, null, null, false)]
    [InlineData(null, null, null, "Other", false)]
    public void An_auto_link_rule_matches_when_every_given_criterion_does(string? source, FalloutCategory? category, string? reason, string? step,
        bool matches)
    {
        var rule = new AutoLinkRule(source, category, reason, step, null, null);

        Assert.Equal(matches, rule.Matches(Queued(), Now));
    }

    [Fact]
    public void An_auto_link_rule_matches_only_inside_its_window()
    {
        var rule = new AutoLinkRule(null, null, "HSS_TIMEOUT", null, Now.AddHours(-1), Now.AddHours(1));

        Assert.True(rule.Matches(Queued(), Now));
        Assert.False(rule.Matches(Queued(), Now.AddHours(2)));
        Assert.False(rule.Matches(Queued(), Now.AddHours(-2)));
    }

    [Fact]
    public void An_incident_resolves_once()
    {
        var incident = Incident.Open("HSS outage", "d", "hss", Now, null, "sam", Now);

        incident.Resolve("certificate expired", "sam", Now);

        Assert.Equal(IncidentStatus.RESOLVED, incident.Status);
        Assert.Equal(ProblemCodes.InvalidTransition, Assert.Throws<DomainException>(() => incident.Resolve("again", "sam", Now)).Code);
    }

    [Fact]
    public void A_recovery_job_stops_only_when_the_failure_share_passes_the_threshold()
    {
        var job = new RecoveryJob(Guid.CreateVersion7(), IncidentId, RecoveryAction.RETRY, 1, 0.5m, 4, "sam", Now);

        job.Count(RecoveryOutcomeKind.FAILED);
        job.Count(RecoveryOutcomeKind.DONE);
        Assert.False(job.StopIfThresholdPassed(Now));
        job.Count(RecoveryOutcomeKind.FAILED);

        Assert.True(job.StopIfThresholdPassed(Now));
        Assert.Equal(RecoveryJobStatus.STOPPED, job.Status);
        Assert.Equal(3, job.Processed);
    }
}
