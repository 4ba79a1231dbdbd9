using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Queues;

public sealed class PullNextTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task QueueWithRuleAsync(string code)
    {
        await (await api.Admin().PostJsonAsync("/queues", new JsonObject
        {
            ["code"] = code, ["name"] = code, ["skill"] = "test", ["assignmentStrategy"] = "MANUAL_PULL",
            ["calendar"] = new JsonObject { ["timeZone"] = "UTC", ["alwaysOpen"] = true },
        })).ExpectAsync(HttpStatusCode.Created);
        await (await api.Admin().PostJsonAsync("/classification-rules", new JsonObject
        {
            ["priority"] = 1, ["reasonCode"] = code + "_REASON", ["category"] = "DATA", ["severity"] = "LOW", ["queue"] = code,
        })).ExpectAsync(HttpStatusCode.Created);
    }

    private Task<JsonObject> ReportIntoAsync(string queue, string severity = "LOW") => api.ReportAsync(b =>
    {
        b["reasonCode"] = queue + "_REASON";
        b["severityHint"] = severity;
    });

    [Fact]
    public async Task A_pull_claims_the_most_urgent_unassigned_case()
    {
        await QueueWithRuleAsync("PULL_QUEUE");
        var low = await ReportIntoAsync("PULL_QUEUE");
        var critical = await ReportIntoAsync("PULL_QUEUE", "CRITICAL");
        var high = await ReportIntoAsync("PULL_QUEUE", "HIGH");
        var olga = api.Operator("olga", "PULL_QUEUE");

        var first = await olga.PostJsonAsync("/queues/PULL_QUEUE/next", null);
        var pulled = await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(critical.Id(), pulled.Id());
        Assert.Equal("ASSIGNED", pulled.Str("status"));
        Assert.Equal("olga", pulled.Str("assignedUser"));
        Assert.Equal(pulled.Version(), first.ETag());
        Assert.Equal(high.Id(), (await (await olga.PostJsonAsync("/queues/PULL_QUEUE/next", null)).ExpectAsync(HttpStatusCode.OK)).Id());
        Assert.Equal(low.Id(), (await (await api.Supervisor().PostJsonAsync("/queues/PULL_QUEUE/next", null)).ExpectAsync(HttpStatusCode.OK)).Id());
        await (await olga.PostJsonAsync("/queues/PULL_QUEUE/next", null)).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_pull_is_refused_outside_ones_queues_for_other_roles_and_for_unknown_queues()
    {
        await QueueWithRuleAsync("GUARDED_QUEUE");
        await ReportIntoAsync("GUARDED_QUEUE");
        await (await api.Operator("olga", "FRAUD_REVIEW").PostJsonAsync("/queues/GUARDED_QUEUE/next", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Auditor().PostJsonAsync("/queues/GUARDED_QUEUE/next", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Source().PostJsonAsync("/queues/GUARDED_QUEUE/next", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Supervisor().PostJsonAsync("/queues/NO_SUCH_QUEUE/next", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "queue = 'GUARDED_QUEUE' AND status = 'QUEUED'"));
    }

    [Fact]
    public async Task Racing_pulls_never_hand_out_the_same_case_twice()
    {
        await QueueWithRuleAsync("RACE_QUEUE");
        var cases = new HashSet<Guid>();
        for (var i = 0; i < 6; i++)
        {
            cases.Add((await ReportIntoAsync("RACE_QUEUE")).Id());
        }
        var pullers = Enumerable.Range(0, 14).Select(i => api.Operator($"racer-{i}", "RACE_QUEUE")).ToList();

        var responses = await Task.WhenAll(pullers.Select(p => p.PostJsonAsync("/queues/RACE_QUEUE/next", null)));

        var won = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Equal(6, won.Count);
        Assert.Equal(8, responses.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        var pulled = new List<(Guid Id, string? User)>();
        foreach (var response in won)
        {
            var body = await response.ExpectAsync(HttpStatusCode.OK);
            pulled.Add((body.Id(), body.Str("assignedUser")));
        }
        Assert.Equal(cases.Order(), pulled.Select(p => p.Id).Order());
        Assert.Equal(6, pulled.Select(p => p.User).Distinct().Count());
        Assert.Equal(6, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "action = 'CASE_ASSIGNED' AND case_id IN (SELECT id FROM fallout_cases WHERE queue = 'RACE_QUEUE')"));
    }

    [Fact]
    public async Task A_pull_racing_a_claim_of_the_same_case_hands_it_to_one_and_tells_the_other_without_a_fault()
    {
        // The pull locks the case's row and then writes the audit; the claim writes the audit first. Both must take
        // the case's locks in one order, or PostgreSQL breaks the cycle after a second and one of them gets a 500.
        var puller = api.Operator("pull-racer", "PARTNER_WHOLESALE");
        var claimer = api.Operator("claim-racer", "PARTNER_WHOLESALE");
        for (var round = 0; round < 15; round++)
        {
            var fallout = await api.ReportAsync(b => b["reasonCode"] = "MVNO_HOST_REJECT");
            Assert.Equal("PARTNER_WHOLESALE", fallout.Str("queue"));
            var gate = new StartGate(2);

            var answers = await Task.WhenAll(
                Task.Run(async () => { await gate.WaitAsync(); return await puller.PostJsonAsync("/queues/PARTNER_WHOLESALE/next", null); }),
                Task.Run(async () => { await gate.WaitAsync(); return await claimer.PostJsonAsync($"/fallout-cases/{fallout.Id()}/assign", new JsonObject(), fallout.Version()); }));

            var pull = answers[0];
            var claim = answers[1];
            Assert.True(pull.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent,
                $"round {round}: the pull answered {(int)pull.StatusCode}: {await pull.Content.ReadAsStringAsync()}");
            if (claim.StatusCode != HttpStatusCode.OK)
            {
                await claim.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
            }
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            var owner = (await CaseFlow.GetAsync(api.Supervisor(), fallout.Id())).Str("assignedUser");
            Assert.Equal(pull.StatusCode == HttpStatusCode.OK ? "pull-racer" : "claim-racer", owner);
        }
    }
}
