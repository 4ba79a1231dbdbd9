using System.Net;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Incidents;

public sealed class RecoveryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<(Guid IncidentId, List<Guid> Cases)> ResolvedIncidentWithCasesAsync(int count)
    {
        var reason = Http.Unique("HSS_DOWN");
        var incident = await api.OpenIncidentAsync(reason);
        var cases = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var fallout = await api.ReportAsync(b => b["reasonCode"] = reason);
            Assert.Equal("WAITING_INCIDENT", fallout.Str("status"));
            cases.Add(fallout.Id());
        }
        await api.ResolveAsync(incident.Id());
        return (incident.Id(), cases);
    }

    [Fact]
    public async Task Recovery_runs_only_after_the_incident_is_resolved()
    {
        var incident = await api.OpenIncidentAsync(Http.Unique("R"));

        await (await api.Supervisor().RecoverAsync(incident.Id(), "RETRY")).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Supervisor().RecoverAsync(incident.Id(), "RETRY", dryRun: true)).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Supervisor().RecoverAsync(Guid.NewGuid(), "RETRY")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "recovery_jobs", "incident_id = @id", ("id", incident.Id())));
    }

    [Theory]
    [InlineData("""{"action":"REBOOT"}""")]
    [InlineData("""{"dryRun":true}""")]
    [InlineData("""{"action":"RETRY","maxConcurrency":0}""")]
    [InlineData("""{"action":"RETRY","maxConcurrency":17}""")]
    [InlineData("""{"action":"RETRY","failureThreshold":1.5}""")]
    [InlineData("""{"action":"RETRY","failureThreshold":-0.1}""")]
    public async Task Bad_recovery_requests_are_refused(string body)
    {
        var (incidentId, _) = await ResolvedIncidentWithCasesAsync(0);

        var response = await api.Supervisor().PostRawAsync($"/incidents/{incidentId}/recovery", body);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_changes_nothing()
    {
        var (incidentId, cases) = await ResolvedIncidentWithCasesAsync(3);
        var versions = new List<long>();
        foreach (var id in cases)
        {
            versions.Add((await api.GetCaseAsync(id)).Version());
        }
        var audit = await Sql.CountAsync(api.ConnectionString, "audit_entries");

        var report = await (await api.Supervisor().RecoverAsync(incidentId, "RETRY", dryRun: true)).ExpectAsync(HttpStatusCode.OK);

        Assert.True((bool)report["dryRun"]!);
        Assert.Null(report["id"]);
        Assert.Equal("COMPLETED", report.Str("status"));
        Assert.Equal(3, (int)report["total"]!);
        Assert.Equal(3, (int)report["done"]!);
        Assert.All(cases, id => Assert.Equal("DONE", report.OutcomeOf(id).Str("outcome")));
        for (var i = 0; i < cases.Count; i++)
        {
            var fallout = await api.GetCaseAsync(cases[i]);
            Assert.Equal(versions[i], fallout.Version());
            Assert.Equal("WAITING_INCIDENT", fallout.Str("status"));
        }
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "recovery_jobs", "incident_id = @id", ("id", incidentId)));
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "correction_actions", "case_id = ANY(@ids)", ("ids", cases.ToArray())));
        Assert.Equal(audit, await Sql.CountAsync(api.ConnectionString, "audit_entries"));
    }

    [Fact]
    public async Task A_retry_recovery_proposes_one_retry_per_case_and_running_it_again_acts_on_none()
    {
        var (incidentId, cases) = await ResolvedIncidentWithCasesAsync(3);

        var response = await api.Supervisor().RecoverAsync(incidentId, "RETRY", maxConcurrency: 2);

        var job = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/incidents/{incidentId}/recovery/{job.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("COMPLETED", job.Str("status"));
        Assert.Equal(3, (int)job["done"]!);
        var versions = new Dictionary<Guid, long>();
        foreach (var id in cases)
        {
            var fallout = await api.GetCaseAsync(id);
            versions[id] = fallout.Version();
            Assert.Equal("CORRECTION_PROPOSED", fallout.Str("status"));
            var correction = Assert.Single(fallout["correctionActions"]!.AsArray())!;
            Assert.Equal("RETRY", (string?)correction["type"]);
            Assert.Equal("LOW", (string?)correction["riskLevel"]);
            Assert.Equal("sam.supervisor", (string?)correction["proposedBy"]);
            Assert.Equal((string?)correction["id"], job.OutcomeOf(id).Str("correctionActionId"));
            // The retry goes to the system that executes it, as a proposal by hand does: dispatched in the same
            // transaction, never applied by a person.
            Assert.Equal("activation-service", (string?)correction["executor"]);
            Assert.Equal("REQUESTED", (string?)correction["executionStatus"]);
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events",
                "case_id = @id AND event_type = 'FalloutCorrectionExecutionRequested'", ("id", id)));
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
                "case_id = @id AND action = 'CASE_CONTINUED' AND actor = 'sam.supervisor'", ("id", id)));
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events",
                "case_id = @id AND event_type = 'FalloutCorrectionProposed'", ("id", id)));
        }
        var read = await (await api.Auditor().GetAsync($"/incidents/{incidentId}/recovery/{job.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, read["outcomes"]!.AsArray().Count);
        Assert.Equal(3, (int)read["processed"]!);

        var again = await (await api.Supervisor().RecoverAsync(incidentId, "RETRY")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(0, (int)again["done"]!);
        Assert.Equal(3, (int)again["skipped"]!);
        foreach (var id in cases)
        {
            Assert.Equal("already recovered by an earlier recovery job", again.OutcomeOf(id).Str("reason"));
            Assert.Equal(versions[id], (await api.GetCaseAsync(id)).Version());
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "correction_actions", "case_id = @id", ("id", id)));
        }
    }

    [Fact]
    public async Task Two_recoveries_racing_act_on_each_case_once()
    {
        var (incidentId, cases) = await ResolvedIncidentWithCasesAsync(4);

        var responses = await Task.WhenAll(
            api.Supervisor().RecoverAsync(incidentId, "RETRY", maxConcurrency: 4),
            api.Supervisor("sue.supervisor").RecoverAsync(incidentId, "RETRY", maxConcurrency: 4));

        var jobs = new List<System.Text.Json.Nodes.JsonObject>();
        foreach (var response in responses)
        {
            jobs.Add(await response.ExpectAsync(HttpStatusCode.Created));
        }
        Assert.Equal(4, jobs.Sum(j => (int)j["done"]!));
        foreach (var id in cases)
        {
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "correction_actions", "case_id = @id", ("id", id)));
            Assert.Equal(1, jobs.Count(j => j.OutcomeOf(id).Str("outcome") == "DONE"));
        }
    }

    [Fact]
    public async Task A_cancel_recovery_cancels_what_the_state_table_allows_and_skips_the_rest()
    {
        var (incidentId, cases) = await ResolvedIncidentWithCasesAsync(2);

        var job = await (await api.Supervisor().RecoverAsync(incidentId, "CANCEL")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(2, (int)job["done"]!);
        foreach (var id in cases)
        {
            Assert.Equal("CANCELLED", (await api.GetCaseAsync(id)).Str("status"));
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
                "case_id = @id AND action = 'CASE_CANCELLED' AND actor = 'sam.supervisor'", ("id", id)));
        }
        var again = await (await api.Supervisor().RecoverAsync(incidentId, "CANCEL")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(0, (int)again["total"]!);

        var (retried, retriedCases) = await ResolvedIncidentWithCasesAsync(1);
        await (await api.Supervisor().RecoverAsync(retried, "RETRY")).ExpectAsync(HttpStatusCode.Created);
        var skipped = await (await api.Supervisor().RecoverAsync(retried, "CANCEL")).ExpectAsync(HttpStatusCode.Created);
        var outcome = skipped.OutcomeOf(retriedCases[0]);
        Assert.Equal("SKIPPED", outcome.Str("outcome"));
        Assert.Equal("a CORRECTION_PROPOSED case cannot be cancelled", outcome.Str("reason"));
        Assert.Equal("CORRECTION_PROPOSED", (await api.GetCaseAsync(retriedCases[0])).Str("status"));
    }
}
