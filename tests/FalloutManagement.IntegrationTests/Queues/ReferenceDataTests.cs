using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Queues;

public sealed class ReferenceDataTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonObject QueueBody(string code, Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["code"] = code,
            ["name"] = "Enterprise activation L3",
            ["category"] = "ACTIVATION",
            ["skill"] = "mobile core vendor liaison",
            ["escalationQueue"] = "FRAUD_REVIEW",
            ["assignmentStrategy"] = "LEAST_LOADED",
            ["calendar"] = new JsonObject
            {
                ["timeZone"] = "Asia/Jakarta",
                ["alwaysOpen"] = false,
                ["opensAt"] = "08:00",
                ["closesAt"] = "17:00",
                ["workingDays"] = new JsonArray("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"),
                ["holidays"] = new JsonArray("2026-12-25"),
            },
        };
        change?.Invoke(body);
        return body;
    }

    private static JsonObject PolicyBody(string queue = "FRAUD_REVIEW") => new()
    {
        ["queue"] = queue,
        ["severity"] = "HIGH",
        ["customerSegment"] = "WHOLESALE",
        ["timeToClassifyMinutes"] = 10,
        ["timeToAssignMinutes"] = 20,
        ["timeToFirstActionMinutes"] = 30,
        ["timeToResolveMinutes"] = 120,
        ["pauseWhile"] = new JsonArray("WAITING_CUSTOMER"),
        ["pausedClocks"] = new JsonArray("TIME_TO_RESOLVE"),
    };

    private static JsonObject RuleBody(string reason = "SIM_SWAP_VELOCITY", string queue = "FRAUD_REVIEW") => new()
    {
        ["priority"] = 10,
        ["reasonCode"] = reason,
        ["category"] = "COMPLIANCE",
        ["severity"] = "HIGH",
        ["queue"] = queue,
        ["description"] = "SIM swaps in a burst",
    };

    [Fact]
    public async Task A_new_database_has_the_eight_queues_rules_for_every_category_and_policies()
    {
        var queues = JsonNode.Parse(await api.Auditor().GetStringAsyncOk("/queues?limit=200"))!["items"]!.AsArray();
        string[] expected = ["BILLING_RA", "FALLOUT_TRIAGE", "FIXED_FIELD_SUPPORT", "FRAUD_REVIEW", "FULFILLMENT_DATA_FIX", "MOBILE_ACTIVATION_L2",
            "PARTNER_WHOLESALE", "RESOURCE_CONTROL"];
        Assert.Equal(expected, queues.Select(q => (string)q!["code"]!).Where(expected.Contains).ToArray());
        var l2 = queues.Single(q => (string)q!["code"]! == "MOBILE_ACTIVATION_L2")!;
        Assert.True((bool)l2["calendar"]!["alwaysOpen"]!);
        var data = queues.Single(q => (string)q!["code"]! == "FULFILLMENT_DATA_FIX")!;
        Assert.Equal("Asia/Jakarta", (string?)data["calendar"]!["timeZone"]);
        Assert.Equal(5, data["calendar"]!["workingDays"]!.AsArray().Count);

        var rules = JsonNode.Parse(await api.Operator("olga").GetStringAsyncOk("/classification-rules?limit=200"))!["items"]!.AsArray();
        foreach (var category in new[] { "DATA", "RESOURCE", "ACTIVATION", "FIELD", "PARTNER", "BILLING", "COMPLIANCE" })
        {
            Assert.True(rules.Count(r => (string)r!["category"]! == category && r["reasonCode"] is not null) >= 3, category);
        }
        Assert.Contains(rules, r => (string?)r!["reasonCode"] == "STATIC_IP_CONFLICT");
        var policies = JsonNode.Parse(await api.Supervisor().GetStringAsyncOk("/sla-policies?queue=BILLING_RA"))!["items"]!.AsArray();
        Assert.Equal(8, policies.Count); // four severities, any segment and ENTERPRISE
    }

    [Fact]
    public async Task An_admin_creates_updates_and_deactivates_a_queue_with_if_match_and_every_change_is_audited()
    {
        var admin = api.Admin();
        var auditBefore = await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id IS NULL");
        var created = await admin.PostJsonAsync("/queues", QueueBody("ACTIVATION_L3"));
        var queue = await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("/queues/ACTIVATION_L3", created.Headers.Location?.ToString());
        Assert.Equal(1, created.ETag());
        Assert.Equal("LEAST_LOADED", queue.Str("assignmentStrategy"));

        var read = await api.Operator("olga").GetAsync("/queues/ACTIVATION_L3");
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, read.ETag());

        await (await admin.PutJsonAsync("/queues/ACTIVATION_L3", QueueBody("ACTIVATION_L3"), null))
            .ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await admin.PutJsonAsync("/queues/ACTIVATION_L3", QueueBody("ACTIVATION_L3"), 7))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        var updated = await (await admin.PutJsonAsync("/queues/ACTIVATION_L3", QueueBody("ACTIVATION_L3", b => b["assignmentStrategy"] = "ROUND_ROBIN"), 1))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, updated.Version());
        Assert.Equal("ROUND_ROBIN", updated.Str("assignmentStrategy"));

        var deactivated = await (await admin.PostJsonAsync("/queues/ACTIVATION_L3/deactivate", null, 2)).ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool)deactivated["active"]!);
        await (await admin.PostJsonAsync("/queues/ACTIVATION_L3/deactivate", null, 3)).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "queues", "code = 'ACTIVATION_L3'"));

        Assert.Equal(auditBefore + 3, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id IS NULL"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id IS NULL AND action = 'QUEUE_UPDATED' AND actor = 'adm.admin' AND before_json->>'assignmentStrategy' = 'LEAST_LOADED' AND after_json->>'assignmentStrategy' = 'ROUND_ROBIN'"));
        // Each entry carries the correlation id of the request that made it (the one its answer and log lines carry).
        var correlation = Assert.Single(created.Headers.GetValues("X-Correlation-Id"));
        Assert.False(string.IsNullOrEmpty(correlation));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id IS NULL AND action = 'QUEUE_CREATED' AND correlation_id = @correlation", ("correlation", correlation)));
    }

    [Fact]
    public async Task Only_admins_change_reference_data_and_only_staff_read_it()
    {
        foreach (var client in new[] { api.Supervisor(), api.Operator("olga", "FRAUD_REVIEW"), api.Auditor(), api.Approver(), api.Source() })
        {
            await (await client.PostJsonAsync("/queues", QueueBody("NOPE"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.PostJsonAsync("/sla-policies", PolicyBody())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.PostJsonAsync("/classification-rules", RuleBody())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.PostJsonAsync("/queues/FRAUD_REVIEW/members", new JsonObject { ["user"] = "x", ["capacity"] = 1 }))
                .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        await (await api.Source().GetAsync("/queues")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Source().GetAsync("/sla-policies")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.NotEmpty(JsonNode.Parse(await api.Admin().GetStringAsyncOk("/classification-rules?limit=200"))!["items"]!.AsArray());
        await (await api.Admin().GetAsync("/queues/NO_SUCH_QUEUE")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("lower-case code", "code", "bad-code")]
    [InlineData("unknown strategy", "assignmentStrategy", "RANDOM")]
    [InlineData("unknown escalation queue", "escalationQueue", "NOWHERE")]
    [InlineData("unknown time zone", "timeZone", "Mars/Olympus")]
    [InlineData("closing before opening", "closesAt", "07:00")]
    [InlineData("bad day", "workingDays", "FUNDAY")]
    [InlineData("bad holiday", "holidays", "25/12/2026")]
    public async Task Bad_queue_bodies_are_400_and_change_nothing(string what, string field, string value)
    {
        var body = QueueBody("BAD_QUEUE_" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), b =>
        {
            var calendar = b["calendar"]!.AsObject();
            switch (field)
            {
                case "timeZone" or "closesAt":
                    calendar[field] = value;
                    break;
                case "workingDays" or "holidays":
                    calendar[field] = new JsonArray(value);
                    break;
                default:
                    b[field] = value;
                    break;
            }
        });
        var before = await Sql.CountAsync(api.ConnectionString, "queues");
        await (await api.Admin().PostJsonAsync("/queues", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(before == await Sql.CountAsync(api.ConnectionString, "queues"), what);
    }

    [Fact]
    public async Task The_triage_queue_cannot_be_deactivated_a_code_cannot_be_taken_twice_nor_changed_and_refusals_change_nothing()
    {
        var auditBefore = await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id IS NULL");
        await (await api.Admin().PostJsonAsync("/queues/FALLOUT_TRIAGE/deactivate", null, 1)).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Admin().PostJsonAsync("/queues", QueueBody("FRAUD_REVIEW", b => b["escalationQueue"] = null)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Admin().PutJsonAsync("/queues/FRAUD_REVIEW", QueueBody("FRAUD_REVIEW_2", b => b["escalationQueue"] = null), 1))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(2, await Sql.CountAsync(api.ConnectionString, "queues", "code IN ('FALLOUT_TRIAGE', 'FRAUD_REVIEW') AND active AND version = 1"));
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "queues", "code = 'FRAUD_REVIEW_2'"));
        Assert.Equal(auditBefore, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id IS NULL"));
    }

    [Fact]
    public async Task Members_are_added_updated_and_deactivated_by_admins()
    {
        var admin = api.Admin();
        var added = await admin.PostJsonAsync("/queues/PARTNER_WHOLESALE/members",
            new JsonObject { ["user"] = "wendy", ["skills"] = new JsonArray("MVNO_HOST_REJECT"), ["capacity"] = 3 });
        var member = await added.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("wendy", member.Str("user"));
        await (await admin.PostJsonAsync("/queues/PARTNER_WHOLESALE/members", new JsonObject { ["user"] = "wendy", ["capacity"] = 3 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.PostJsonAsync("/queues/NO_SUCH/members", new JsonObject { ["user"] = "wendy", ["capacity"] = 3 }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await admin.PostJsonAsync("/queues/PARTNER_WHOLESALE/members", new JsonObject { ["user"] = "x", ["capacity"] = -1 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        await (await admin.PutJsonAsync("/queues/PARTNER_WHOLESALE/members/wendy", new JsonObject { ["capacity"] = 5 }, 9))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        var updated = await (await admin.PutJsonAsync("/queues/PARTNER_WHOLESALE/members/wendy",
            new JsonObject { ["capacity"] = 5, ["skills"] = new JsonArray("PARTNER") }, 1)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, (int)updated["capacity"]!);
        await (await admin.PostJsonAsync("/queues/PARTNER_WHOLESALE/members/wendy/deactivate", null, null))
            .ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await admin.PostJsonAsync("/queues/PARTNER_WHOLESALE/members/wendy/deactivate", null, 2)).ExpectAsync(HttpStatusCode.OK);

        var members = JsonNode.Parse(await api.Operator("olga").GetStringAsyncOk("/queues/PARTNER_WHOLESALE/members"))!["items"]!.AsArray();
        var wendy = Assert.Single(members);
        Assert.False((bool)wendy!["active"]!);
        Assert.Equal(3, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id IS NULL AND action LIKE 'QUEUE_MEMBER_%' AND coalesce(after_json, before_json)::text LIKE '%\"wendy\"%'"));
    }

    [Fact]
    public async Task Admins_adding_the_same_member_at_once_get_one_member_and_clear_refusals()
    {
        // The name is trimmed before the duplicate check, so padding does not slip past it into the unique index.
        var admin = api.Admin();
        await (await admin.PostJsonAsync("/queues/FRAUD_REVIEW/members", new JsonObject { ["user"] = "vera", ["capacity"] = 2 }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/queues/FRAUD_REVIEW/members", new JsonObject { ["user"] = "  vera ", ["capacity"] = 2 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        // Eight admins add the same new member at the same moment: one wins, the others are refused with a 4xx problem.
        var gate = new StartGate(8);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var client = api.Admin($"admin-{i}");
            await gate.WaitAsync();
            return await client.PostJsonAsync("/queues/FRAUD_REVIEW/members", new JsonObject { ["user"] = "victor", ["capacity"] = 2 });
        }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            var problem = await refused.ExpectProblemAsync(refused.StatusCode, refused.StatusCode == HttpStatusCode.Conflict ? "ALREADY_EXISTS" : "VALIDATION_FAILED");
            Assert.Contains((int)refused.StatusCode, new[] { 400, 409 });
            Assert.NotNull(problem.Str("detail"));
        }
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "queue_members", "user_id = 'victor'"));
    }

    [Fact]
    public async Task Classification_rules_are_managed_and_validated()
    {
        var admin = api.Admin();
        var rule = await (await admin.PostJsonAsync("/classification-rules", RuleBody())).ExpectAsync(HttpStatusCode.Created);
        var id = rule.Id();
        var read = await api.Auditor().GetAsync($"/classification-rules/{id}");
        Assert.Equal("SIM_SWAP_VELOCITY", (await read.ExpectAsync(HttpStatusCode.OK)).Str("reasonCode"));

        var changed = RuleBody("SIM_SWAP_%");
        await (await admin.PutJsonAsync($"/classification-rules/{id}", changed, 0)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        Assert.Equal("SIM_SWAP_%", (await (await admin.PutJsonAsync($"/classification-rules/{id}", changed, 1)).ExpectAsync(HttpStatusCode.OK)).Str("reasonCode"));
        await (await admin.PostJsonAsync($"/classification-rules/{id}/deactivate", null, 2)).ExpectAsync(HttpStatusCode.OK);

        await (await admin.PostJsonAsync("/classification-rules", RuleBody(queue: "NO_SUCH_QUEUE"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var noCondition = RuleBody();
        noCondition.Remove("reasonCode");
        await (await admin.PostJsonAsync("/classification-rules", noCondition)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.PostJsonAsync("/classification-rules", RuleBody().With("severity", "URGENT"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.GetAsync($"/classification-rules/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(3, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id IS NULL AND action LIKE 'CLASSIFICATION_RULE_%'"));
    }

    [Fact]
    public async Task Sla_policies_are_managed_and_validated()
    {
        var admin = api.Admin();
        var policy = await (await admin.PostJsonAsync("/sla-policies", PolicyBody())).ExpectAsync(HttpStatusCode.Created);
        var id = policy.Id();
        Assert.Equal("WHOLESALE", policy.Str("customerSegment"));
        var changed = PolicyBody();
        changed["timeToResolveMinutes"] = 60;
        await (await admin.PutJsonAsync($"/sla-policies/{id}", changed, null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        Assert.Equal(60, (int)(await (await admin.PutJsonAsync($"/sla-policies/{id}", changed, 1)).ExpectAsync(HttpStatusCode.OK))["timeToResolveMinutes"]!);
        await (await admin.PostJsonAsync($"/sla-policies/{id}/deactivate", null, 2)).ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool)(await (await api.Approver().GetAsync($"/sla-policies/{id}")).ExpectAsync(HttpStatusCode.OK))["active"]!);

        await (await admin.PostJsonAsync("/sla-policies", PolicyBody("NO_SUCH"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.PostJsonAsync("/sla-policies", PolicyBody().With("pauseWhile", new JsonArray("IN_PROGRESS"))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.PostJsonAsync("/sla-policies", PolicyBody().With("pausedClocks", new JsonArray("CUSTOMER_PROMISE"))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.PostJsonAsync("/sla-policies", PolicyBody().With("timeToResolveMinutes", 0)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(3, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id IS NULL AND action LIKE 'SLA_POLICY_%'"));
    }
}
