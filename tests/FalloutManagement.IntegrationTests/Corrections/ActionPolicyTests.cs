using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

public sealed class ActionPolicyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>A policy for <paramref name="queue"/> only, so that the tests of this class do not steer each other's cases.</summary>
    private static JsonObject Policy(string name, string? correctionType = "CANCELLATION", bool allowed = true, bool approval = false,
        string risk = "MEDIUM", string queue = "NOBODY_WORKS_THIS_QUEUE") => new()
    {
        ["name"] = name,
        ["description"] = "test policy",
        ["priority"] = 300,
        ["match"] = new JsonObject { ["correctionType"] = correctionType, ["queue"] = queue },
        ["outcome"] = new JsonObject
        {
            ["allowed"] = allowed, ["riskLevel"] = risk, ["approvalRequired"] = approval,
            ["requiredEvidence"] = new JsonArray("PARTNER_CONFIRMATION"), ["customerNotificationRequired"] = true,
            ["escalationRule"] = "NOTIFY_SUPERVISOR",
        },
        ["reason"] = "partner cancellations need the partner's word",
    };

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string url, JsonObject body, long? version)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (version is { } v)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        }
        return client.SendAsync(request);
    }

    [Fact]
    public async Task The_shipped_matrix_is_readable_by_every_staff_role_but_not_by_sources()
    {
        foreach (var reader in new[] { api.Operator("olga", "X"), api.Supervisor(), api.Approver(), api.Auditor(), api.Admin() })
        {
            var list = await (await reader.GetAsync("/action-policies?active=true")).ExpectAsync(HttpStatusCode.OK);
            var names = list["items"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
            Assert.Contains("force-complete-default", names);
            Assert.Contains("resource-reallocation-release", names);
            Assert.Contains("compliance-override", names);
        }
        await (await api.Source().GetAsync("/action-policies")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var release = await (await api.Auditor().GetAsync("/action-policies/00000000-0000-7000-8000-000000000007")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("RELEASE", (string?)release["match"]!["payloadValues"]!.AsArray().Single());
        Assert.Equal("HIGH", (string?)release["outcome"]!["riskLevel"]);
        await (await api.Auditor().GetAsync($"/action-policies/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Only_an_admin_creates_updates_and_deactivates_and_every_change_is_audited()
    {
        foreach (var other in new[] { api.Operator("olga", "X"), api.Supervisor(), api.Approver(), api.Auditor(), api.Source() })
        {
            await (await other.PostJsonAsync("/action-policies", Policy("not-allowed"))).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        var admin = api.Admin();
        var created = await PolicyChangeFlow.ApproveAsync(api, await admin.PostJsonAsync("/action-policies", Policy("partner-cancellation")));
        var id = created.Id();
        Assert.Equal(1, created.Version());
        Assert.Equal("adm.admin", created.Str("createdBy"));

        var update = Policy("partner-cancellation", approval: true, risk: "HIGH");
        await (await PutAsync(api.Supervisor(), $"/action-policies/{id}", update, 1)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PutAsync(admin, $"/action-policies/{id}", update, null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await PutAsync(admin, $"/action-policies/{id}", update, 7)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        var updated = await PolicyChangeFlow.ApproveAsync(api, await PutAsync(admin, $"/action-policies/{id}", update, 1));
        Assert.Equal(2, updated.Version());
        Assert.True((bool)updated["outcome"]!["approvalRequired"]!);

        await (await api.Supervisor().PostJsonAsync($"/action-policies/{id}/deactivate", new JsonObject { ["reason"] = "x" }, 2))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var deactivated = await PolicyChangeFlow.ApproveAsync(api,
            await admin.PostJsonAsync($"/action-policies/{id}/deactivate", new JsonObject { ["reason"] = "partner contract ended" }, 2));
        Assert.False((bool)deactivated["active"]!);
        await (await admin.PostJsonAsync($"/action-policies/{id}/deactivate", new JsonObject { ["reason"] = "again" }, 3))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.DeleteAsync($"/action-policies/{id}")).StatusCode);

        var actions = new List<string>();
        foreach (var action in new[] { "ACTION_POLICY_CREATED", "ACTION_POLICY_UPDATED", "ACTION_POLICY_DEACTIVATED" })
        {
            Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
                "case_id IS NULL AND action = @action AND actor = 'chk.admin' AND after_json->>'id' = @id",
                ("action", action), ("id", id.ToString())));
            actions.Add(action);
        }
        Assert.Equal("partner contract ended", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT reason FROM audit_entries WHERE action = 'ACTION_POLICY_DEACTIVATED' AND after_json->>'id' = @id", ("id", id.ToString())));
        Assert.Equal("false", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT before_json->'outcome'->>'approvalRequired' FROM audit_entries WHERE action = 'ACTION_POLICY_UPDATED' AND after_json->>'id' = @id",
            ("id", id.ToString())));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "action_policies", "id = @id", ("id", id)));
    }

    [Fact]
    public async Task A_policy_cannot_allow_force_complete_without_approval_and_evidence()
    {
        var body = Policy("lenient-force-complete", correctionType: "FORCE_COMPLETE");
        body["outcome"]!["requiredEvidence"] = new JsonArray();

        await (await api.Admin().PostJsonAsync("/action-policies", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "action_policies", "name = 'lenient-force-complete'"));
    }

    [Fact]
    public async Task A_policy_that_matches_every_type_still_leaves_force_complete_under_approval()
    {
        var admin = api.Admin();
        var body = Policy("everything-goes-in-field", correctionType: null, queue: "FIXED_FIELD_SUPPORT");
        body["priority"] = 900;
        body["outcome"]!["requiredEvidence"] = new JsonArray();
        await PolicyChangeFlow.ApproveAsync(api, await admin.PostJsonAsync("/action-policies", body));
        var fiona = api.Operator("fiona", "FIXED_FIELD_SUPPORT");
        var started = await CaseFlow.InProgressAsync(api, fiona, b => b["categoryHint"] = "FIELD");

        var (correction, _) = await CaseFlow.ProposeAsync(fiona, started.Id(), CaseFlow.Proposal("FORCE_COMPLETE",
            new JsonObject { ["step"] = "InstallOnt", ["justification"] = "technician confirmed by phone" }), started.Version());

        Assert.True((bool)correction["approvalRequired"]!);
        Assert.Equal("HIGH", correction.Str("riskLevel"));
        Assert.Equal("READ_BACK_SNAPSHOT", (string?)correction["requiredEvidence"]!.AsArray().Single());
    }

    [Fact]
    public async Task A_denying_policy_refuses_the_proposal_and_allowed_actions_says_so()
    {
        var admin = api.Admin();
        var created = await PolicyChangeFlow.ApproveAsync(api, await admin.PostJsonAsync("/action-policies", Policy("no-manual-cancel-for-partners", allowed: false, queue: "PARTNER_WHOLESALE")));
        var paula = api.Operator("paula2", "PARTNER_WHOLESALE");
        var started = await CaseFlow.InProgressAsync(api, paula, b => b["categoryHint"] = "PARTNER");
        var cancel = CaseFlow.Proposal("CANCELLATION", new JsonObject { ["scope"] = "ITEM", ["releaseResources"] = true, ["notifyCustomer"] = true });

        var allowed = await (await paula.GetAsync($"/fallout-cases/{started.Id()}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        var option = allowed["correctionTypes"]!.AsArray().Single(o => (string?)o!["type"] == "CANCELLATION")!.AsObject();
        Assert.False((bool)option["allowed"]!);
        await (await paula.PostJsonAsync($"/fallout-cases/{started.Id()}/correction-actions", cancel, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "POLICY_DENIED");

        await PolicyChangeFlow.ApproveAsync(api,
            await admin.PostJsonAsync($"/action-policies/{created.Id()}/deactivate", new JsonObject { ["reason"] = "lifted" }, created.Version()));
        var (correction, _) = await CaseFlow.ProposeAsync(paula, started.Id(), cancel, started.Version());
        Assert.StartsWith("cancellation-default@v", correction.Str("policyRef"));
    }

    [Theory]
    [InlineData("""{"priority": 1, "match": {}, "outcome": {"allowed": true, "riskLevel": "LOW", "approvalRequired": false}}""", "name")]
    [InlineData("""{"name": "x", "priority": 1, "match": {"payloadField": "kind"}, "outcome": {"allowed": true, "riskLevel": "LOW", "approvalRequired": false}}""", "match.payloadValues")]
    [InlineData("""{"name": "x", "priority": 1, "match": {"operatorRole": "root"}, "outcome": {"allowed": true, "riskLevel": "LOW", "approvalRequired": false}}""", "match.operatorRole")]
    [InlineData("""{"name": "x", "priority": 1, "match": {}, "outcome": {"allowed": true, "approvalRequired": false}}""", "outcome.riskLevel")]
    [InlineData("""{"name": "x", "priority": 1, "match": {"correctionType": "SQL"}, "outcome": {"allowed": true, "riskLevel": "LOW", "approvalRequired": false}}""", "match.correctionType")]
    public async Task Bad_policies_are_refused_with_the_field_named(string body, string field)
    {
        var problem = await (await api.Admin().PostRawAsync("/action-policies", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task The_api_description_documents_the_correction_evidence_resume_and_policy_endpoints()
    {
        var description = await (await api.App.CreateClient().GetAsync("/swagger/v1/swagger.json")).ExpectAsync(HttpStatusCode.OK);

        var paths = description["paths"]!.AsObject();
        foreach (var path in new[]
                 {
                     "/fallout-cases/{id}/correction-actions", "/fallout-cases/{id}/approve", "/fallout-cases/{id}/correction-actions/{caId}/apply",
                     "/fallout-cases/{id}/verify", "/fallout-cases/{id}/verification-failed", "/fallout-cases/{id}/evidence",
                     "/fallout-cases/{id}/evidence/{evidenceId}/content", "/fallout-cases/{id}/tasks", "/fallout-cases/{id}/tasks/{taskId}/complete",
                     "/fallout-cases/{id}/resolve", "/fallout-cases/{id}/resume", "/fallout-cases/{id}/resume-token/reissue",
                     "/action-policies", "/action-policies/{id}", "/action-policies/{id}/deactivate",
                 })
        {
            Assert.True(paths.ContainsKey(path), path);
        }
    }

    [Fact]
    public async Task Two_active_policies_cannot_share_a_name()
    {
        await PolicyChangeFlow.ApproveAsync(api, await api.Admin().PostJsonAsync("/action-policies", Policy("unique-name")));

        await (await api.Admin().PostJsonAsync("/action-policies", Policy("unique-name"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }
}
