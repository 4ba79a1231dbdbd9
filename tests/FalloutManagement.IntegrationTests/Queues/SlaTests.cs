using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Modules.Queues.Sla;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Queues;

public sealed class SlaTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private SlaSweeper Sweeper => api.App.Services.GetRequiredService<SlaSweeper>();

    private static DateTimeOffset Time(JsonObject node, string name) =>
        DateTimeOffset.Parse((string)node[name]!, CultureInfo.InvariantCulture);

    private Task<long> EventsAsync(Guid id, string type) =>
        Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = @type", ("id", id), ("type", type));

    [Fact]
    public async Task A_case_shows_its_clocks_from_the_queue_policy_and_the_customer_promise()
    {
        var now = api.Clock.GetUtcNow();
        var created = await api.ReportAsync(b => b["promisedAt"] = now.AddDays(3).ToString("O", CultureInfo.InvariantCulture));
        // MOBILE_ACTIVATION_L2 is 24x7; HIGH: classify 30 min, assign 60, first action 120, resolve 480.
        Assert.Equal(5, created["slaClocks"]!.AsArray().Count);
        Assert.Equal("MET", created.Clock("TIME_TO_CLASSIFY").Str("state"));
        Assert.Equal(now.AddMinutes(60), Time(created.Clock("TIME_TO_ASSIGN"), "dueAt"));
        Assert.Equal(now.AddMinutes(120), Time(created.Clock("TIME_TO_FIRST_ACTION"), "dueAt"));
        Assert.Equal(now.AddMinutes(480), Time(created.Clock("TIME_TO_RESOLVE"), "dueAt"));
        Assert.Equal(now.AddDays(3), Time(created.Clock("CUSTOMER_PROMISE"), "dueAt"));
        Assert.Equal(now.AddMinutes(60), Time(created, "slaDueAt"));
        Assert.Equal("PT1H", created.Clock("TIME_TO_ASSIGN").Str("remaining"));
    }

    [Fact]
    public async Task A_breach_is_announced_once_per_clock_and_escalates_the_case()
    {
        var created = await api.ReportAsync(b => b["reasonCode"] = "CHARGING_PROFILE_MISSING");
        Assert.Equal("BILLING_RA", created.Str("queue"));
        var id = created.Id();
        var assignDue = Time(created.Clock("TIME_TO_ASSIGN"), "dueAt");

        // Past 80% of the time to assign: at risk, nothing announced yet.
        api.Clock.SetUtcNow(assignDue - TimeSpan.FromMinutes(5));
        Assert.Equal("AT_RISK", (await api.GetCaseAsync(id)).Clock("TIME_TO_ASSIGN").Str("state"));
        var atRisk = await Sweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.True(atRisk.AtRisk >= 1);
        Assert.Equal(0, await EventsAsync(id, "FalloutCaseBreachedSla"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "sla_clocks",
            "case_id = @id AND kind = 'TIME_TO_ASSIGN' AND state = 'AT_RISK' AND at_risk_notified_at IS NOT NULL", ("id", id)));

        api.Clock.SetUtcNow(assignDue + TimeSpan.FromMinutes(1));
        await Sweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        await Sweeper.SweepOnceAsync(api.Clock.GetUtcNow());

        Assert.Equal(1, await EventsAsync(id, "FalloutCaseBreachedSla"));
        Assert.Equal(1, await EventsAsync(id, "FalloutCaseEscalated"));
        var escalated = await api.GetCaseAsync(id);
        Assert.Equal("BREACHED", escalated.Clock("TIME_TO_ASSIGN").Str("state"));
        Assert.Equal("CRITICAL", escalated.Str("severity")); // HIGH, one step up
        Assert.Equal("FRAUD_REVIEW", escalated.Str("queue")); // BILLING_RA's escalation queue
        Assert.Equal(1, (int)escalated["escalationLevel"]!);
        var payload = await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutCaseBreachedSla'", ("id", id));
        Assert.Equal("TIME_TO_ASSIGN", (string?)JsonNode.Parse(payload)!["clock"]);
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id AND action = 'SLA_BREACHED' AND actor = 'system:sla-sweep'", ("id", id)));

        var breached = JsonNode.Parse(await api.Supervisor().GetStringAsyncOk("/fallout-cases?slaBreached=true&limit=200"))!["items"]!.AsArray();
        Assert.Contains(breached, c => (string?)c!["id"] == id.ToString());
        var onTime = JsonNode.Parse(await api.Supervisor().GetStringAsyncOk("/fallout-cases?slaBreached=false&limit=200"))!["items"]!.AsArray();
        Assert.DoesNotContain(onTime, c => (string?)c!["id"] == id.ToString());
    }

    [Fact]
    public async Task Waiting_on_the_customer_pauses_the_resolve_clock_and_the_pause_is_kept()
    {
        var created = await api.ReportAsync();
        var id = created.Id();
        var olga = api.Operator("olga", "MOBILE_ACTIVATION_L2");
        var claimed = await (await olga.PostJsonAsync($"/fallout-cases/{id}/assign", new JsonObject(), created.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("MET", claimed.Clock("TIME_TO_ASSIGN").Str("state"));
        var started = await (await olga.PostJsonAsync($"/fallout-cases/{id}/start", null, claimed.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("MET", started.Clock("TIME_TO_FIRST_ACTION").Str("state"));
        var resolveDue = Time(started.Clock("TIME_TO_RESOLVE"), "dueAt");
        var waiting = await (await olga.PostJsonAsync($"/fallout-cases/{id}/wait",
            new JsonObject { ["waitingFor"] = "CUSTOMER", ["reason"] = "asked the customer for the IMSI" }, started.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("PAUSED", waiting.Clock("TIME_TO_RESOLVE").Str("state"));

        api.Clock.Advance(TimeSpan.FromHours(10));
        await Sweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Equal(0, await EventsAsync(id, "FalloutCaseBreachedSla"));

        var resumed = await (await olga.PostJsonAsync($"/fallout-cases/{id}/continue", null, waiting.Version())).ExpectAsync(HttpStatusCode.OK);
        var resolve = resumed.Clock("TIME_TO_RESOLVE");
        Assert.Equal("ON_TRACK", resolve.Str("state"));
        Assert.Equal("PT10H", resolve.Str("paused"));
        Assert.Equal(resolveDue.AddHours(10), Time(resolve, "dueAt"));
        Assert.Equal(resolveDue.AddHours(10), Time(resumed, "slaDueAt"));
    }

    [Fact]
    public async Task Resolving_a_case_meets_its_resolve_and_promise_clocks()
    {
        var olga = api.Operator("olga", CaseFlow.ActivationQueue);
        var promise = api.Clock.GetUtcNow().AddDays(2).ToString("O", CultureInfo.InvariantCulture);
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, olga, b => b["promisedAt"] = promise);
        var resolved = await CaseFlow.PostAsync(olga, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "RESUME", ["evidenceId"] = proofId.ToString(), ["reason"] = "fixed",
        }, version);
        Assert.Equal("RESOLVED_RESUME", resolved.Str("status"));
        Assert.All(resolved["slaClocks"]!.AsArray(), k => Assert.Equal("MET", (string?)k!["state"]));
        Assert.Equal(5, resolved["slaClocks"]!.AsArray().Count);
        api.Clock.Advance(TimeSpan.FromDays(10));
        await Sweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Equal(0, await EventsAsync(id, "FalloutCaseBreachedSla"));
        var breached = JsonNode.Parse(await api.Supervisor().GetStringAsyncOk("/fallout-cases?slaBreached=true&limit=200"))!["items"]!.AsArray();
        Assert.DoesNotContain(breached, c => (string?)c!["id"] == id.ToString());
    }

    [Fact]
    public async Task Cancelling_a_case_stops_its_clocks_so_the_sweep_leaves_it_alone()
    {
        var created = await api.ReportAsync();
        var cancelled = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/cancel",
            new JsonObject { ["reason"] = "duplicate of another case" }, created.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.All(cancelled["slaClocks"]!.AsArray(), k => Assert.Equal("MET", (string?)k!["state"]));
        api.Clock.Advance(TimeSpan.FromDays(30));
        await Sweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Equal(0, await EventsAsync(created.Id(), "FalloutCaseBreachedSla"));
    }
}
