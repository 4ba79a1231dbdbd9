using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

public sealed class CorrectionProposalTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    public static TheoryData<string, string, string> InvalidPayloads => new()
    {
        { "RETRY", """{"step": "", "notBefore": "tomorrow"}""", "payload.notBefore" },
        { "RETRY", """{"force": true}""", "payload.force" },
        { "DATA_CORRECTION", """{"field": "imsi", "before": "1"}""", "payload.after" },
        { "DATA_CORRECTION", """{"field": "imsi", "before": "1", "after": "1"}""", "payload.after" },
        { "DATA_CORRECTION", """{"before": "1", "after": "2"}""", "payload.field" },
        { "DATA_CORRECTION", """{"field": "imsi", "before": "1", "after": "2", "sql": "UPDATE x"}""", "payload.sql" },
        { "RESOURCE_REALLOCATION", """{"oldResourceId": "r1", "oldResourceDisposition": "RELEASE"}""", "payload.newResourceId" },
        { "RESOURCE_REALLOCATION", """{"oldResourceId": "r1", "newResourceId": "r2", "oldResourceDisposition": "DELETE"}""", "payload.oldResourceDisposition" },
        { "RESOURCE_REALLOCATION", """{"oldResourceId": "r1", "newResourceId": "r1", "oldResourceDisposition": "RELEASE"}""", "payload.newResourceId" },
        { "MANUAL_PROVISIONING", """{"targetSystem": "HSS", "instruction": "bind IMSI", "parameters": {}}""", "payload.parameters" },
        { "MANUAL_PROVISIONING", """{"targetSystem": "HSS", "parameters": {"imsi": "1"}}""", "payload.instruction" },
        { "ORDER_AMENDMENT", """{"change": "UPGRADE_PLAN", "details": {"plan": "x"}}""", "payload.change" },
        { "ORDER_AMENDMENT", """{"change": "SPLIT_ORDER"}""", "payload.details" },
        { "CANCELLATION", """{"scope": "ITEM", "releaseResources": "yes", "notifyCustomer": true}""", "payload.releaseResources" },
        { "CANCELLATION", """{"scope": "ACCOUNT", "releaseResources": true, "notifyCustomer": true}""", "payload.scope" },
        { "CANCELLATION", """{"scope": "ITEM", "releaseResources": true}""", "payload.notifyCustomer" },
        { "COMPENSATION", """{"kind": "REFUND"}""", "payload.amount" },
        { "COMPENSATION", """{"kind": "WAIVE_FEE", "amount": -5, "currency": "IDR"}""", "payload.amount" },
        { "COMPENSATION", """{"kind": "CREDIT_ADJUSTMENT", "amount": 5, "currency": "rupiah"}""", "payload.currency" },
        { "COMPENSATION", """{"kind": "FREE_MONEY"}""", "payload.kind" },
        { "FORCE_COMPLETE", """{"step": "ProvisionMobileSubscriber"}""", "payload.justification" },
        { "FORCE_COMPLETE", "[1, 2]", "payload" },
    };

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public async Task Each_type_validates_its_own_payload_and_refuses_unknown_fields(string type, string payload, string field)
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);

        var problem = await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/correction-actions",
            new JsonObject { ["type"] = type, ["payload"] = JsonNode.Parse(payload), ["reason"] = "fix" }, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"expected an error for {field}: {problem.ToJsonString()}");
        Assert.Equal(started.Version(), await CaseFlow.VersionAsync(Olga, started.Id()));
    }

    public static TheoryData<string, string> ValidPayloads => new()
    {
        { "RETRY", """{"step": "ProvisionMobileSubscriber", "notBefore": "2026-11-02T10:00:00Z"}""" },
        { "RETRY", "{}" },
        { "DATA_CORRECTION", """{"field": "imsi", "before": "510010000000001", "after": "510010000000002"}""" },
        { "RESOURCE_REALLOCATION", """{"oldResourceId": "r1", "newResourceId": "r2", "oldResourceDisposition": "QUARANTINE"}""" },
        { "MANUAL_PROVISIONING", """{"targetSystem": "HSS", "instruction": "bind IMSI to MSISDN", "parameters": {"imsi": "1", "msisdn": "2"}}""" },
        { "ORDER_AMENDMENT", """{"change": "REMOVE_ADDON", "details": {"addon": "roaming-pack"}}""" },
        { "CANCELLATION", """{"scope": "ORDER", "releaseResources": true, "notifyCustomer": false}""" },
        { "COMPENSATION", """{"kind": "WAIVE_FEE", "amount": 50000, "currency": "IDR"}""" },
        { "FORCE_COMPLETE", """{"step": "ProvisionMobileSubscriber", "justification": "vendor confirmed by phone, read-back attached"}""" },
    };

    [Theory]
    [MemberData(nameof(ValidPayloads))]
    public async Task Each_type_accepts_its_contract_payload_and_takes_its_risk_from_policy(string type, string payload)
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        // The risk is the policy's: a proposer cannot name one (the body has no such field: 400, nothing changed).
        var claimed = new JsonObject { ["type"] = type, ["payload"] = JsonNode.Parse(payload), ["reason"] = "fix", ["riskLevel"] = "LOW" };
        var refused = await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/correction-actions", claimed, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(refused["errors"]!.AsObject().ContainsKey("riskLevel"));
        Assert.Equal(started.Version(), await CaseFlow.VersionAsync(Olga, started.Id()));
        var body = new JsonObject { ["type"] = type, ["payload"] = JsonNode.Parse(payload), ["reason"] = "fix" };

        var response = await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/correction-actions", body, started.Version());

        var correction = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(type, correction.Str("type"));
        Assert.Equal($"/fallout-cases/{started.Id()}/correction-actions/{correction.Id()}", response.Headers.Location?.OriginalString);
        // A correction dispatched at once (no approval, no evidence needed) records its ExecutionRequested as a further change,
        // and so does what the policy's escalation rule did (an escalation in place or a review task).
        var after = await CaseFlow.GetAsync(Olga, started.Id());
        var escalationRuleChanges = after["escalationLevel"]!.GetValue<int>() - started["escalationLevel"]!.GetValue<int>()
            + after["tasks"]!.AsArray().Count;
        Assert.Equal(started.Version() + 1 + (correction.Str("executionStatus") == "REQUESTED" ? 1 : 0) + escalationRuleChanges, response.ETag());
        Assert.Equal(after.Version(), response.ETag());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payload), correction["payload"]));
        if (type == "FORCE_COMPLETE")
        {
            Assert.Equal("CRITICAL", correction.Str("riskLevel"));
            Assert.True((bool)correction["approvalRequired"]!);
        }
        if (type == "RETRY")
        {
            Assert.Equal("LOW", correction.Str("riskLevel"));
            Assert.False((bool)correction["approvalRequired"]!);
            Assert.Equal("READY", correction.Str("status"));
        }
    }

    [Fact]
    public async Task An_unknown_type_is_a_validation_error()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);

        var problem = await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/correction-actions",
            new JsonObject { ["type"] = "SQL_PATCH", ["payload"] = new JsonObject(), ["reason"] = "fix" }, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.True(problem["errors"]!.AsObject().ContainsKey("type"), problem.ToJsonString());
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_correction_and_changes_nothing()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var url = $"/fallout-cases/{started.Id()}/correction-actions";

        var first = await SendAsync(Olga, url, CaseFlow.Retry(), started.Version(), "key-1");
        var created = await first.ExpectAsync(HttpStatusCode.Created);
        var again = await SendAsync(Olga, url, CaseFlow.Retry(), started.Version(), "key-1");
        var replayed = await again.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(created.Id(), replayed.Id());
        Assert.Equal(first.ETag(), again.ETag());
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "correction_actions", "case_id = @id", ("id", started.Id())));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events",
            "case_id = @id AND event_type = 'FalloutCorrectionProposed'", ("id", started.Id())));
    }

    [Fact]
    public async Task Racing_proposals_with_one_idempotency_key_create_one_correction_and_all_get_it()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var url = $"/fallout-cases/{started.Id()}/correction-actions";
        await using var second = new FalloutApp(api.ConnectionString, api.Clock);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            SendAsync(i % 2 == 0 ? Olga : second.As("olga", [Api.Common.Auth.Roles.Operator], [CaseFlow.ActivationQueue]),
                url, CaseFlow.Retry(), started.Version(), "race-key")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadObjectAsync()).Id());
        }
        Assert.Single(ids);
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "correction_actions", "case_id = @id", ("id", started.Id())));
    }

    [Fact]
    public async Task Without_a_key_a_second_proposal_on_the_old_version_is_refused()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var url = $"/fallout-cases/{started.Id()}/correction-actions";
        await CaseFlow.ProposeAsync(Olga, started.Id(), CaseFlow.Retry(), started.Version());

        await (await Olga.PostJsonAsync(url, CaseFlow.Retry(), started.Version())).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        await (await Olga.PostJsonAsync(url, CaseFlow.Retry())).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
    }

    [Fact]
    public async Task Manual_retries_on_one_case_are_limited()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var id = started.Id();
        var version = started.Version();
        for (var i = 0; i < 3; i++)
        {
            var (correction, proposed) = await CaseFlow.ProposeAsync(Olga, id, CaseFlow.Retry(), version);
            var applied = await CaseFlow.ApplyAsync(api, Olga, id, correction, proposed);
            var verifying = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/verify", null, applied.Version());
            version = (await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/verification-failed",
                new JsonObject { ["reason"] = "same error" }, verifying.Version())).Version();
        }

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/correction-actions", CaseFlow.Retry(), version))
            .ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        var allowed = await (await Olga.GetAsync($"/fallout-cases/{id}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        var retry = allowed["correctionTypes"]!.AsArray().Single(o => (string?)o!["type"] == "RETRY")!.AsObject();
        Assert.False((bool)retry["allowed"]!);
        Assert.Contains("limit is 3", retry.Str("reason"));
        // Another kind of correction is still possible.
        await CaseFlow.ProposeAsync(Olga, id, CaseFlow.Proposal("DATA_CORRECTION",
            new JsonObject { ["field"] = "imsi", ["before"] = "1", ["after"] = "2" }), version);
    }

    [Fact]
    public async Task Proposals_are_refused_by_state_role_queue_and_ownership()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var url = $"/fallout-cases/{started.Id()}/correction-actions";

        await (await api.Operator("omar", CaseFlow.ActivationQueue).PostJsonAsync(url, CaseFlow.Retry(), started.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Operator("oscar", "BILLING_RA").PostJsonAsync(url, CaseFlow.Retry(), started.Version()))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Auditor().PostJsonAsync(url, CaseFlow.Retry(), started.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Source().PostJsonAsync(url, CaseFlow.Retry(), started.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        var queued = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{queued.Id()}/correction-actions", CaseFlow.Retry(), queued.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task A_compliance_case_needs_a_checker_for_any_correction()
    {
        var fred = api.Operator("fred", "FRAUD_REVIEW");
        var started = await CaseFlow.InProgressAsync(api, fred, b => b["categoryHint"] = "COMPLIANCE");

        var (retry, _) = await CaseFlow.ProposeAsync(fred, started.Id(), CaseFlow.Retry(), started.Version());

        Assert.Equal("CRITICAL", retry.Str("riskLevel"));
        Assert.True((bool)retry["approvalRequired"]!);
        Assert.StartsWith("compliance-override@v", retry.Str("policyRef"));
    }

    [Fact]
    public async Task Billing_account_changes_and_enterprise_manual_provisioning_are_high_risk()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga, b => b["customerSegment"] = "ENTERPRISE");
        var (billing, _) = await CaseFlow.ProposeAsync(Olga, started.Id(), CaseFlow.Proposal("DATA_CORRECTION",
            new JsonObject { ["field"] = "billingAccountId", ["before"] = "ba-1", ["after"] = "ba-2" }), started.Version());
        Assert.Equal("HIGH", billing.Str("riskLevel"));
        Assert.True((bool)billing["approvalRequired"]!);

        var other = await CaseFlow.InProgressAsync(api, Olga, b => b["customerSegment"] = "ENTERPRISE");
        var (manual, _) = await CaseFlow.ProposeAsync(Olga, other.Id(), CaseFlow.Proposal("MANUAL_PROVISIONING", new JsonObject
        {
            ["targetSystem"] = "HSS", ["instruction"] = "create subscriber", ["parameters"] = new JsonObject { ["imsi"] = "1" },
        }), other.Version());
        Assert.Equal("HIGH", manual.Str("riskLevel"));
        Assert.True((bool)manual["approvalRequired"]!);
    }

    [Fact]
    public async Task Allowed_actions_show_every_type_with_the_same_decision_the_proposal_gets()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);

        var allowed = await (await Olga.GetAsync($"/fallout-cases/{started.Id()}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);

        var types = allowed["correctionTypes"]!.AsArray().Select(o => o!.AsObject()).ToDictionary(o => o.Str("type")!);
        Assert.Equal(8, types.Count);
        Assert.Contains("PROPOSE_CORRECTION", allowed["allowed"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("LOW", types["RETRY"].Str("riskLevel"));
        Assert.False((bool)types["RETRY"]["approvalRequired"]!);
        Assert.True((bool)types["FORCE_COMPLETE"]["approvalRequired"]!);
        Assert.NotEmpty(types["FORCE_COMPLETE"]["requiredEvidence"]!.AsArray());
        Assert.True((bool)types["RESOURCE_REALLOCATION"]["dependsOnPayload"]!);
        var resolve = allowed["resolve"]!.AsObject();
        Assert.True((bool)resolve["evidenceRequired"]!);
        Assert.False((bool)resolve["satisfied"]!);

        var (retry, _) = await CaseFlow.ProposeAsync(Olga, started.Id(), CaseFlow.Retry(), started.Version());
        Assert.Equal(types["RETRY"].Str("policyRef"), retry.Str("policyRef"));
        Assert.Equal(types["RETRY"].Str("riskLevel"), retry.Str("riskLevel"));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, JsonObject body, long version, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
