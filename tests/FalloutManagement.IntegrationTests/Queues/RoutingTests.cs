using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Queues;

public sealed class RoutingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonObject ClassifyBody(string category = "DATA", string severity = "HIGH", string? queue = null) => new()
    {
        ["category"] = category,
        ["severity"] = severity,
        ["queue"] = queue,
        ["reason"] = "triage decided",
    };

    private async Task CreateQueueAsync(string code, string strategy, params (string User, int Capacity, string[] Skills)[] members)
    {
        var body = new JsonObject
        {
            ["code"] = code,
            ["name"] = code,
            ["skill"] = "test",
            ["assignmentStrategy"] = strategy,
            ["calendar"] = new JsonObject { ["timeZone"] = "UTC", ["alwaysOpen"] = true },
        };
        await (await api.Admin().PostJsonAsync("/queues", body)).ExpectAsync(HttpStatusCode.Created);
        foreach (var (user, capacity, skills) in members)
        {
            await (await api.Admin().PostJsonAsync($"/queues/{code}/members",
                new JsonObject { ["user"] = user, ["capacity"] = capacity, ["skills"] = new JsonArray([.. skills.Select(s => (JsonNode)s)]) }))
                .ExpectAsync(HttpStatusCode.Created);
        }
    }

    private async Task<Guid> CreateRuleAsync(string reason, string queue, int priority = 100, string category = "RESOURCE", string severity = "MEDIUM")
    {
        var rule = await (await api.Admin().PostJsonAsync("/classification-rules", new JsonObject
        {
            ["priority"] = priority, ["reasonCode"] = reason, ["category"] = category, ["severity"] = severity, ["queue"] = queue,
        })).ExpectAsync(HttpStatusCode.Created);
        return rule.Id();
    }

    private Task<JsonObject> TriageCaseAsync() => api.ReportAsync(b =>
    {
        b.Remove("categoryHint");
        b.Remove("severityHint");
        b["reasonCode"] = "NOBODY_KNOWS_" + Guid.NewGuid().ToString("N")[..8];
    });

    [Theory]
    [InlineData("STATIC_IP_CONFLICT", null, null, null, "RESOURCE", "HIGH", "RESOURCE_CONTROL")]
    [InlineData("KYC_INCOMPLETE", null, null, "ENTERPRISE", "COMPLIANCE", "HIGH", "FRAUD_REVIEW")]
    [InlineData("CUSTOMER_NO_ACCESS", null, "HIGH", null, "FIELD", "HIGH", "FIXED_FIELD_SUPPORT")]
    [InlineData("CHARGING_PROFILE_MISSING", null, "LOW", null, "BILLING", "HIGH", "BILLING_RA")]
    [InlineData("DUPLICATE_SUBSCRIBER_MISMATCH", null, null, null, "ACTIVATION", "HIGH", "MOBILE_ACTIVATION_L2")]
    [InlineData("HLR_SUBSCRIBER_LOCKED", null, null, null, "ACTIVATION", "MEDIUM", "MOBILE_ACTIVATION_L2")]
    [InlineData("SOMETHING_NEW", "PARTNER", null, null, "PARTNER", "LOW", "PARTNER_WHOLESALE")]
    public async Task Intake_classifies_by_the_rules(string reason, string? hint, string? severityHint, string? segment, string category,
        string severity, string queue)
    {
        var created = await api.ReportAsync(b =>
        {
            b["reasonCode"] = reason;
            b["categoryHint"] = hint;
            b["severityHint"] = severityHint;
            b["customerSegment"] = segment;
        });
        Assert.Equal("QUEUED", created.Str("status"));
        Assert.Equal(category, created.Str("category"));
        Assert.Equal(severity, created.Str("severity"));
        Assert.Equal(queue, created.Str("queue"));
        Assert.Equal("MET", created.Clock("TIME_TO_CLASSIFY").Str("state"));
        Assert.Equal("ON_TRACK", created.Clock("TIME_TO_RESOLVE").Str("state"));
    }

    [Fact]
    public async Task A_higher_priority_rule_wins_and_a_deactivated_rule_no_longer_matches()
    {
        await CreateRuleAsync("PRECEDENCE_TEST", "BILLING_RA", priority: 100, category: "BILLING");
        var first = await CreateRuleAsync("PRECEDENCE_TEST", "FRAUD_REVIEW", priority: 5, category: "COMPLIANCE");
        Assert.Equal("FRAUD_REVIEW", (await api.ReportAsync(b => b["reasonCode"] = "PRECEDENCE_TEST")).Str("queue"));

        await (await api.Admin().PostJsonAsync($"/classification-rules/{first}/deactivate", null, 1)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("BILLING_RA", (await api.ReportAsync(b => b["reasonCode"] = "PRECEDENCE_TEST")).Str("queue"));
    }

    [Fact]
    public async Task Triage_classifies_a_detected_case_into_the_category_queue()
    {
        var triage = await TriageCaseAsync();
        Assert.Equal("DETECTED", triage.Str("status"));
        Assert.Equal("ON_TRACK", triage.Clock("TIME_TO_CLASSIFY").Str("state"));

        var triager = api.Supervisor("tina");
        var classified = await (await triager.PostJsonAsync($"/fallout-cases/{triage.Id()}/classify", ClassifyBody(), triage.Version()))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("QUEUED", classified.Str("status"));
        Assert.Equal("FULFILLMENT_DATA_FIX", classified.Str("queue"));
        Assert.Equal("HIGH", classified.Str("severity"));
        Assert.Equal("MET", classified.Clock("TIME_TO_CLASSIFY").Str("state"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseClassified'", ("id", triage.Id())));
    }

    [Fact]
    public async Task Classify_refuses_unknown_or_inactive_queues_roles_other_queues_states_and_versions()
    {
        var triage = await TriageCaseAsync();
        var url = $"/fallout-cases/{triage.Id()}/classify";
        var supervisor = api.Supervisor();
        await (await supervisor.PostJsonAsync(url, ClassifyBody(queue: "NO_SUCH_QUEUE"), triage.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await CreateQueueAsync("RETIRED_QUEUE", "MANUAL_PULL");
        await (await api.Admin().PostJsonAsync("/queues/RETIRED_QUEUE/deactivate", null, 1)).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.PostJsonAsync(url, ClassifyBody(queue: "RETIRED_QUEUE"), triage.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await supervisor.PostJsonAsync(url, ClassifyBody().With("category", "PLUMBING"), triage.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Source().PostJsonAsync(url, ClassifyBody(), triage.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Auditor().PostJsonAsync(url, ClassifyBody(), triage.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Operator("olga", "FULFILLMENT_DATA_FIX").PostJsonAsync(url, ClassifyBody(), triage.Version()))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await supervisor.PostJsonAsync(url, ClassifyBody(), null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await supervisor.PostJsonAsync(url, ClassifyBody(), triage.Version() + 1)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        Assert.Equal("DETECTED", (await api.GetCaseAsync(triage.Id())).Str("status"));

        var classified = await (await supervisor.PostJsonAsync(url, ClassifyBody(), triage.Version())).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.PostJsonAsync(url, ClassifyBody(), classified.Version())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Round_robin_assigns_new_cases_in_turn_as_the_system()
    {
        await CreateQueueAsync("RR_QUEUE", "ROUND_ROBIN", ("ann", 5, []), ("bob", 5, []));
        await CreateRuleAsync("RR_REASON", "RR_QUEUE");
        var owners = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            var created = await api.ReportAsync(b => b["reasonCode"] = "RR_REASON");
            Assert.Equal("ASSIGNED", created.Str("status"));
            Assert.Equal("MET", created.Clock("TIME_TO_ASSIGN").Str("state"));
            owners.Add(created.Str("assignedUser"));
        }
        Assert.Equal(["ann", "bob", "ann", "bob"], owners);
        Assert.Equal(4, await Sql.CountAsync(api.ConnectionString, "audit_entries", "action = 'CASE_ASSIGNED' AND actor = 'system:assignment' AND after_json->>'queue' = 'RR_QUEUE'"));
    }

    [Fact]
    public async Task Least_loaded_respects_capacity_and_leaves_the_rest_queued()
    {
        await CreateQueueAsync("LL_QUEUE", "LEAST_LOADED", ("cat", 1, []), ("dan", 2, []));
        await CreateRuleAsync("LL_REASON", "LL_QUEUE");
        var owners = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            owners.Add((await api.ReportAsync(b => b["reasonCode"] = "LL_REASON")).Str("assignedUser"));
        }
        Assert.Equal(["cat", "dan", "dan", null], owners);
    }

    [Fact]
    public async Task Skill_based_assignment_runs_when_triage_classifies_into_the_queue()
    {
        await CreateQueueAsync("SKILL_QUEUE", "SKILL_BASED", ("eve", 5, ["BILLING"]), ("fay", 5, ["DATA"]));
        var triage = await TriageCaseAsync();
        var classified = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{triage.Id()}/classify",
            ClassifyBody(category: "DATA", queue: "SKILL_QUEUE"), triage.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ASSIGNED", classified.Str("status"));
        Assert.Equal("fay", classified.Str("assignedUser"));
    }

    [Fact]
    public async Task Escalating_into_an_automatic_queue_assigns_there_and_an_unknown_queue_is_refused()
    {
        await CreateQueueAsync("ESC_QUEUE", "ROUND_ROBIN", ("gus", 5, []));
        var created = await api.ReportAsync(b => b["reasonCode"] = "STATIC_IP_CONFLICT");
        var url = $"/fallout-cases/{created.Id()}/escalate";
        await (await api.Supervisor().PostJsonAsync(url, new JsonObject { ["reason"] = "needs L3", ["toQueue"] = "NOWHERE" }, created.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var escalated = await (await api.Supervisor().PostJsonAsync(url,
            new JsonObject { ["reason"] = "needs L3", ["toQueue"] = "ESC_QUEUE", ["raiseSeverity"] = true }, created.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ESC_QUEUE", escalated.Str("queue"));
        Assert.Equal("gus", escalated.Str("assignedUser"));
        Assert.Equal("CRITICAL", escalated.Str("severity"));
    }
}
