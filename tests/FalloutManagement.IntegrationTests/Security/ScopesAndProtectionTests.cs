using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Modules.BreakGlass;
using FalloutManagement.IntegrationTests.Events;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Security;

/// <summary>Issue 11 items 2 to 5: scopes, masking, break-glass and four eyes on policy, over HTTP with real tokens.</summary>
public sealed class ScopesAndProtectionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private static JsonObject Reason(string reason = "because") => new() { ["reason"] = reason };

    private async Task<(Guid Id, string TokenId)> ResolvedForResumeAsync()
    {
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, Olga);
        var resolved = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "RESUME", ["resumeMode"] = "RETRY_FAILED_STEP", ["evidenceId"] = proofId.ToString(), ["reason"] = "fixed",
        }, version);
        return (id, resolved["resumeToken"]!.AsObject().Str("tokenId")!);
    }

    private async Task<List<JsonObject>> FeedAsync(HttpClient reader, Guid caseId)
    {
        await Feed.SettledAsync(api.ConnectionString);
        return [.. (await (await reader.GetAsync($"/events?caseId={caseId}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    [Fact]
    public async Task A_source_reports_only_as_itself_and_a_dedup_answer_shows_only_the_source_view()
    {
        var forged = Http.Fallout(b => b["sourceSystem"] = "billing-service");
        await (await api.Source().PostJsonAsync("/fallout-cases", forged)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "fallout_occurrences", "source_event_id = @e", ("e", (string)forged["sourceEventId"]!)));

        var first = await api.ReportAsync(b => b["customerId"] = "cust-secret-42");
        var other = Http.Fallout(b =>
        {
            b["sourceSystem"] = "order-service";
            b["serviceOrderItemId"] = first.Str("serviceOrderItemId");
        });
        var joined = await (await api.Source("order-service").PostJsonAsync("/fallout-cases", other)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(first.Id(), joined.Id());
        Assert.Equal(2, (int)joined["occurrenceCount"]!);
        foreach (var hidden in new[] { "customerId", "queue", "assignedUser", "corrections", "evidence", "resumeToken", "occurrences", "sourceSystem" })
        {
            Assert.False(joined.ContainsKey(hidden), $"{hidden} must not reach another source");
        }
    }

    [Fact]
    public async Task Tokens_are_redeemable_and_visible_only_to_the_reporting_system_and_orchestrators()
    {
        var (id, tokenId) = await ResolvedForResumeAsync();
        var version = await CaseFlow.VersionAsync(api.Supervisor(), id);

        await (await api.Source("billing-service").PostJsonAsync($"/fallout-cases/{id}/resume", new JsonObject { ["tokenId"] = tokenId, ["orderVersion"] = 7 }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(version, await CaseFlow.VersionAsync(api.Supervisor(), id));

        static JsonObject Resolved(List<JsonObject> feed) => feed.Single(e => e.Str("eventType") == "FalloutCaseResolvedForResume");
        Assert.False(Resolved(await FeedAsync(api.Source("billing-service"), id)).ContainsKey("resumeTokenId"));
        Assert.Equal(tokenId, Resolved(await FeedAsync(api.Source(), id)).Str("resumeTokenId"));
        Assert.Equal(tokenId, Resolved(await FeedAsync(api.Orchestrator(), id)).Str("resumeTokenId"));

        var redeemed = await (await api.Orchestrator().PostJsonAsync($"/fallout-cases/{id}/resume", new JsonObject { ["tokenId"] = tokenId, ["orderVersion"] = 7 }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ProvisionMobileSubscriber", redeemed.Str("failedStepKey"));
    }

    [Fact]
    public async Task An_operator_cancels_escalates_and_waits_only_on_a_case_they_own()
    {
        var created = await api.ReportAsync();
        var url = $"/fallout-cases/{created.Id()}";
        await (await Olga.PostJsonAsync($"{url}/cancel", Reason("duplicate"), created.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync($"{url}/escalate", Reason(), created.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(created.Version(), (await api.GetCaseAsync(created.Id())).Version());

        var otto = api.Operator("otto", CaseFlow.ActivationQueue);
        var mine = await CaseFlow.StartAsync(otto, await CaseFlow.ClaimAsync(otto, created));
        await (await Olga.PostJsonAsync($"{url}/wait", new JsonObject { ["waitingFor"] = "PARTNER", ["reason"] = "x" }, mine.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await CaseFlow.PostAsync(otto, $"{url}/cancel", Reason("false positive"), mine.Version());
    }

    [Fact]
    public async Task Classified_values_are_masked_for_readers_whose_policy_does_not_allow_them_and_revealed_with_an_audit()
    {
        var created = await api.ReportAsync(b => b["customerId"] = "cust-1234567");
        var id = created.Id();
        Assert.Equal("cust-1234567", created.Str("customerId"));
        Assert.Equal("cust-1234567", (await api.GetCaseAsync(id)).Str("customerId"));
        var forAuditor = await CaseFlow.GetAsync(api.Auditor(), id);
        Assert.Equal("cust-****7", forAuditor.Str("customerId"));
        var listed = await (await api.Auditor().GetAsync($"/fallout-cases?queue={CaseFlow.ActivationQueue}&limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("cust-1234567", listed.ToJsonString());
        var feed = await FeedAsync(api.Auditor(), id);
        Assert.NotEmpty(feed);
        Assert.All(feed, e => Assert.Equal("cust-****7", e.Str("customerId")));

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/reveal", new JsonObject { ["fields"] = new JsonArray("customerId"), ["reason"] = "x" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Auditor().PostJsonAsync($"/fallout-cases/{id}/reveal", new JsonObject { ["fields"] = new JsonArray("shoeSize"), ["reason"] = "x" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id AND action = 'FIELDS_REVEALED'", ("id", id)));

        var revealed = await (await api.Auditor().PostJsonAsync($"/fallout-cases/{id}/reveal",
            new JsonObject { ["fields"] = new JsonArray("customerId"), ["reason"] = "regulator request 17" })).ExpectAsync(HttpStatusCode.OK);
        var value = Assert.Single(revealed["revealed"]!.AsArray())!.AsObject();
        Assert.Equal("customerId", value.Str("path"));
        Assert.Equal("cust-1234567", value.Str("value"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id = @id AND action = 'FIELDS_REVEALED' AND actor = 'aud.auditor' AND reason = 'regulator request 17' AND after_json::text NOT LIKE '%cust-1234567%'",
            ("id", id)));
        // Like every entry of the case, the reveal carries the case's correlation id.
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id = @id AND action = 'FIELDS_REVEALED' AND correlation_id = @correlation", ("id", id), ("correlation", created.Str("correlationId")!)));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseFieldsRevealed'", ("id", id)));
        var published = (await FeedAsync(api.Auditor(), id)).Single(e => e.Str("eventType") == "FalloutCaseFieldsRevealed");
        Assert.Equal("aud.auditor", published.Str("revealedBy"));
        Assert.Equal(["CUSTOMER_ID"], published["classes"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("cust-****7", published.Str("customerId"));
    }

    [Fact]
    public async Task Identity_corrections_show_before_and_after_only_to_those_who_may_see_them()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var proposal = CaseFlow.Proposal("DATA_CORRECTION", new JsonObject { ["field"] = "msisdn", ["before"] = "6281100000001", ["after"] = "6281100000002" });
        var (correction, _) = await CaseFlow.ProposeAsync(Olga, started.Id(), proposal, started.Version());
        Assert.Equal("6281100000002", correction["payload"]!["after"]!.GetValue<string>());

        var forAuditor = await CaseFlow.GetAsync(api.Auditor(), started.Id());
        var payload = forAuditor["correctionActions"]!.AsArray().Single()!["payload"]!;
        Assert.Equal("****01", payload["before"]!.GetValue<string>());
        Assert.Equal("****02", payload["after"]!.GetValue<string>());
        Assert.Equal("msisdn", payload["field"]!.GetValue<string>());
        Assert.DoesNotContain("6281100000002", (await (await api.Auditor().GetAsync($"/fallout-cases/{started.Id()}/audit")).ExpectAsync(HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task Break_glass_is_granted_by_another_person_marks_the_audit_and_ends_by_itself()
    {
        var created = await api.ReportAsync();
        var fred = api.Operator("fred", "FRAUD_REVIEW");
        await (await fred.GetAsync($"/fallout-cases/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await fred.PostJsonAsync("/break-glass", new JsonObject { ["reason"] = "x", ["scope"] = "queue:MOBILE_ACTIVATION_L2", ["minutes"] = 100_000 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        foreach (var scope in new[] { "queue:mobile_activation_l2", "queue:MOBILE-ACTIVATION-L2", "queue:", "queue:" + new string('Q', 101) })
        {
            await (await fred.PostJsonAsync("/break-glass", new JsonObject { ["reason"] = "x", ["scope"] = scope, ["minutes"] = 30 }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        }
        var request = await (await fred.PostJsonAsync("/break-glass",
            new JsonObject { ["reason"] = "activation team unreachable, P1 outage", ["scope"] = "queue:MOBILE_ACTIVATION_L2", ["minutes"] = 30 }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("REQUESTED", request.Str("status"));
        var grantUrl = $"/break-glass/{request.Id()}/grant";
        await (await fred.PostJsonAsync(grantUrl, new JsonObject())).ExpectProblemAsync(HttpStatusCode.Forbidden, "SEGREGATION_OF_DUTIES");
        await (await Olga.PostJsonAsync(grantUrl, new JsonObject())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await fred.GetAsync($"/fallout-cases/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var granted = await (await api.Supervisor().PostJsonAsync(grantUrl, new JsonObject())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ACTIVE", granted.Str("status"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "event_type = 'BreakGlassStarted' AND payload_json->>'breakGlassId' = @g",
            ("g", request.Id().ToString())));

        var claimed = await CaseFlow.ClaimAsync(fred, created);
        Assert.Equal("fred", claimed.Str("assignedUser"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id AND actor = 'fred' AND break_glass_id = @g",
            ("id", created.Id()), ("g", request.Id())));

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await (await fred.GetAsync($"/fallout-cases/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        // The sweep (here by hand; the background sweep may beat it on the fake clock) writes the end.
        await api.App.Services.SweepBreakGlassAsync();
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "event_type = 'BreakGlassEnded' AND payload_json->>'breakGlassId' = @g",
            ("g", request.Id().ToString())));

        await (await fred.GetAsync("/break-glass")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var review = await (await api.Auditor().GetAsync("/break-glass")).ExpectAsync(HttpStatusCode.OK);
        var entry = review["items"]!.AsArray().Select(i => i!.AsObject()).Single(i => i.Id() == request.Id());
        Assert.Equal("ENDED", entry.Str("status"));
        Assert.Contains(entry["actionsTaken"]!.AsArray(), a => (string?)a!["action"] == "CASE_ASSIGNED" || ((string?)a!["action"])!.Contains("ASSIGN"));
    }

    [Fact]
    public async Task Grants_of_one_request_sent_at_once_start_it_once_and_the_others_get_the_answer_of_a_later_grant()
    {
        var bert = api.Operator("bert", "FRAUD_REVIEW");
        for (var round = 0; round < 3; round++)
        {
            var fallout = await api.ReportAsync();
            var requested = await (await bert.PostJsonAsync("/break-glass",
                new JsonObject { ["reason"] = "P1, owner unreachable", ["scope"] = $"case:{fallout.Id()}", ["minutes"] = 30 })).ExpectAsync(HttpStatusCode.Created);
            var grantors = Enumerable.Range(0, 5).Select(i => api.Supervisor($"sup-{i}")).ToList();
            var gate = new StartGate(grantors.Count);

            var answers = await Task.WhenAll(grantors.Select(g => Task.Run(async () =>
            {
                await gate.WaitAsync();
                return await g.PostJsonAsync($"/break-glass/{requested.Id()}/grant", new JsonObject());
            })));

            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            foreach (var loser in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            {
                await loser.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
            }
            await (await api.Supervisor().PostJsonAsync($"/break-glass/{requested.Id()}/grant", new JsonObject()))
                .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        }
    }

    [Fact]
    public async Task With_two_grants_active_each_action_is_marked_with_the_grant_that_opened_its_case()
    {
        var x = await api.ReportAsync();
        var y = await api.ReportAsync();
        var bert = api.Operator("bert", "FRAUD_REVIEW");
        async Task<Guid> GrantAsync(JsonObject fallout)
        {
            var requested = await (await bert.PostJsonAsync("/break-glass",
                new JsonObject { ["reason"] = "P1, owner unreachable", ["scope"] = $"case:{fallout.Id()}", ["minutes"] = 30 })).ExpectAsync(HttpStatusCode.Created);
            await (await api.Supervisor().PostJsonAsync($"/break-glass/{requested.Id()}/grant", new JsonObject())).ExpectAsync(HttpStatusCode.OK);
            return requested.Id();
        }
        var onX = await GrantAsync(x);
        var onY = await GrantAsync(y);

        await CaseFlow.ClaimAsync(bert, y);
        await CaseFlow.ClaimAsync(bert, x);

        // Each case's entries carry the grant of that case, whichever was granted first. (Asking for the second grant is
        // not an action on a case either grant opens: it carries the first grant held, as every entry written under one.)
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id AND actor = 'bert' AND break_glass_id = @g",
            ("id", y.Id()), ("g", onY)));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id AND actor = 'bert' AND break_glass_id = @g",
            ("id", x.Id()), ("g", onX)));
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "actor = 'bert' AND action NOT LIKE 'BREAK_GLASS%' AND ((case_id = @x AND break_glass_id = @onY) OR (case_id = @y AND break_glass_id = @onX))",
            ("x", x.Id()), ("y", y.Id()), ("onX", onX), ("onY", onY)));
        var review = await (await api.Auditor().GetAsync($"/break-glass/{onY}")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(review["actionsTaken"]!.AsArray(), a => Assert.Equal(y.Id(), Guid.Parse((string)a!["caseId"]!)));
        Assert.NotEmpty(review["actionsTaken"]!.AsArray());
    }

    [Fact]
    public async Task An_emergency_self_grant_starts_at_once_with_an_alert_event()
    {
        var granted = await (await Olga.PostJsonAsync("/break-glass",
            new JsonObject { ["reason"] = "night shift alone, P1", ["scope"] = "reveal-all", ["minutes"] = 15, ["emergency"] = true }))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("ACTIVE", granted.Str("status"));
        Assert.True((bool)granted["emergency"]!);
        Assert.Equal("true", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json->>'emergency' FROM outbox_events WHERE event_type = 'BreakGlassStarted' AND payload_json->>'breakGlassId' = @g",
            ("g", granted.Id().ToString())));
    }

    [Fact]
    public async Task A_policy_change_takes_effect_only_when_another_admin_approves_it()
    {
        var body = new JsonObject
        {
            ["name"] = "four-eyes-probe", ["priority"] = 10,
            ["match"] = new JsonObject { ["correctionType"] = "RETRY", ["queue"] = "NOBODY_WORKS_THIS_QUEUE" },
            ["outcome"] = new JsonObject { ["allowed"] = true, ["riskLevel"] = "LOW", ["approvalRequired"] = false },
            ["reason"] = "probe",
        };
        var change = await (await api.Admin().PostJsonAsync("/action-policies", body)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("action-policy", change.Str("kind"));
        Assert.Equal("adm.admin", change.Str("proposedBy"));
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "action_policies", "name = 'four-eyes-probe'"));

        // The checker states why: no reason, no decision.
        await (await api.Admin(PolicyChangeFlow.Checker).PostJsonAsync($"/policy-changes/{change.Id()}/approve", new JsonObject()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Admin().PostJsonAsync($"/policy-changes/{change.Id()}/approve", new JsonObject { ["reason"] = "checked" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "SEGREGATION_OF_DUTIES");
        await (await api.Supervisor().PostJsonAsync($"/policy-changes/{change.Id()}/approve", new JsonObject { ["reason"] = "checked" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "action_policies", "name = 'four-eyes-probe'"));
        var pending = await (await api.Auditor().GetAsync("/policy-changes?status=PROPOSED")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(pending["items"]!.AsArray(), i => i!.AsObject().Id() == change.Id());

        await (await api.Admin(PolicyChangeFlow.Checker).PostJsonAsync($"/policy-changes/{change.Id()}/approve", new JsonObject { ["reason"] = "checked" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "action_policies", "name = 'four-eyes-probe'"));
        await (await api.Admin(PolicyChangeFlow.Checker).PostJsonAsync($"/policy-changes/{change.Id()}/approve", new JsonObject { ["reason"] = "checked" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries", "action = 'POLICY_CHANGE_APPROVED' AND actor = @a",
            ("a", PolicyChangeFlow.Checker)));
    }
}

/// <summary>Changes the masking rules of its own database, so it runs apart from the tests that rely on the defaults.</summary>
public sealed class MaskingRuleChangeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Masking_rules_change_through_four_eyes()
    {
        var current = await (await api.Admin().GetAsync("/masking-rules")).ExpectAsync(HttpStatusCode.OK);
        current["policies"]!["fallout.auditor"] = new JsonArray("CUSTOMER_ID");
        current["reason"] = "auditors need customer ids for sampling";
        var request = new HttpRequestMessage(HttpMethod.Put, "/masking-rules") { Content = System.Net.Http.Json.JsonContent.Create(current) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        var created = await api.ReportAsync(b => b["customerId"] = "cust-7654321");
        Assert.Equal("cust-****1", (await CaseFlow.GetAsync(api.Auditor(), created.Id())).Str("customerId"));

        await PolicyChangeFlow.ApproveAsync(api, await api.Admin().SendAsync(request));

        Assert.Equal("cust-7654321", (await CaseFlow.GetAsync(api.Auditor(), created.Id())).Str("customerId"));
    }
}
