using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

public sealed class MakerCheckerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private static JsonObject Release() => CaseFlow.Proposal("RESOURCE_REALLOCATION", new JsonObject
    {
        ["oldResourceId"] = "imsi-1", ["newResourceId"] = "imsi-2", ["oldResourceDisposition"] = "RELEASE",
    });

    private static JsonObject Decision(Guid correctionId, string decision) =>
        new() { ["correctionActionId"] = correctionId.ToString(), ["decision"] = decision, ["reason"] = "checked" };

    private async Task<(Guid Id, Guid CorrectionId, long Version)> PendingApprovalAsync()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var (correction, version) = await CaseFlow.ProposeAsync(Olga, started.Id(), Release(), started.Version());
        Assert.Equal("PENDING_APPROVAL", correction.Str("status"));
        return (started.Id(), correction.Id(), version);
    }

    [Fact]
    public async Task An_approval_records_maker_checker_risk_and_policy_in_audit_and_event()
    {
        var (id, caId, version) = await PendingApprovalAsync();

        await CaseFlow.PostAsync(api.Approver("ana"), $"/fallout-cases/{id}/approve", Decision(caId, "APPROVE"), version);

        var payload = JsonNode.Parse(await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutCorrectionApproved'", ("id", id)))!;
        Assert.Equal("olga", (string?)payload["maker"]);
        Assert.Equal("ana", (string?)payload["checker"]);
        Assert.Equal("HIGH", (string?)payload["riskLevel"]);
        Assert.StartsWith("resource-reallocation-release@v", (string?)payload["policyRef"]);
        Assert.Equal("resource-inventory", (string?)payload["executor"]);
        Assert.Null(payload["payload"]);
        Assert.Equal("checked", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT reason FROM audit_entries WHERE case_id = @id AND action = 'CORRECTION_APPROVED' AND actor = 'ana'", ("id", id)));
    }

    [Fact]
    public async Task A_rejection_returns_the_case_to_in_progress_and_the_correction_cannot_be_applied()
    {
        var (id, caId, version) = await PendingApprovalAsync();

        var rejected = await CaseFlow.PostAsync(api.Approver("ana", mfa: false), $"/fallout-cases/{id}/approve", Decision(caId, "REJECT"), version);

        Assert.Equal("IN_PROGRESS", rejected.Str("status"));
        Assert.Equal("REJECTED", rejected["correctionActions"]!.AsArray().Single()!.AsObject().Str("status"));
        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/correction-actions/{caId}/apply", new JsonObject { ["result"] = "x" }, rejected.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task An_approval_after_the_case_changed_materially_is_void()
    {
        var (id, caId, version) = await PendingApprovalAsync();
        // A supervisor raises the severity while the correction waits for its checker.
        var escalated = await CaseFlow.PostAsync(api.Supervisor(), $"/fallout-cases/{id}/escalate",
            new JsonObject { ["reason"] = "customer complained", ["raiseSeverity"] = true }, version);

        await (await api.Approver("ana").PostJsonAsync($"/fallout-cases/{id}/approve", Decision(caId, "APPROVE"), escalated.Version()))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");

        // It can still be rejected, and proposed again on the current case.
        var rejected = await CaseFlow.PostAsync(api.Approver("ana"), $"/fallout-cases/{id}/approve", Decision(caId, "REJECT"), escalated.Version());
        var (again, _) = await CaseFlow.ProposeAsync(Olga, id, Release(), rejected.Version());
        Assert.Equal(rejected.Version() + 1, (long)again["basedOnVersion"]!);
    }

    [Fact]
    public async Task Evidence_attached_while_waiting_for_approval_does_not_void_it()
    {
        var (id, caId, version) = await PendingApprovalAsync();
        var (_, withEvidence) = await CaseFlow.AttachAsync(Olga, id, CaseFlow.Evidence("READ_BACK_SNAPSHOT", false), version);

        var approved = await CaseFlow.PostAsync(api.Approver("ana"), $"/fallout-cases/{id}/approve", Decision(caId, "APPROVE"), withEvidence);

        Assert.Equal("CORRECTION_PROPOSED", approved.Str("status"));
    }

    [Fact]
    public async Task Decisions_are_refused_for_wrong_role_stale_version_missing_if_match_and_wrong_state()
    {
        var (id, caId, version) = await PendingApprovalAsync();
        var url = $"/fallout-cases/{id}/approve";

        await (await api.Supervisor().PostJsonAsync(url, Decision(caId, "APPROVE"), version)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Approver("ana").PostJsonAsync(url, Decision(caId, "APPROVE"), version - 1))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        await (await api.Approver("ana").PostJsonAsync(url, Decision(caId, "APPROVE")))
            .ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await api.Approver("ana").PostJsonAsync(url, Decision(Guid.NewGuid(), "APPROVE"), version))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Approver("ana").PostJsonAsync(url, new JsonObject { ["correctionActionId"] = caId.ToString(), ["decision"] = "MAYBE", ["reason"] = "x" }, version))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Approver("ana").PostJsonAsync(url, new JsonObject { ["correctionActionId"] = caId.ToString(), ["decision"] = "APPROVE" }, version))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        var approved = await CaseFlow.PostAsync(api.Approver("ana"), url, Decision(caId, "APPROVE"), version);
        await (await api.Approver("ana").PostJsonAsync(url, Decision(caId, "APPROVE"), approved.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Step_up_is_needed_only_for_high_and_critical_risk()
    {
        // A medium-risk correction under an operator-role policy that requires approval: no step-up needed.
        var admin = api.Admin();
        var created = await PolicyChangeFlow.ApproveAsync(api, await admin.PostJsonAsync("/action-policies", new JsonObject
        {
            ["name"] = "medium-retry-needs-checker-for-field",
            ["priority"] = 500,
            ["match"] = new JsonObject { ["correctionType"] = "RETRY", ["queue"] = "FIXED_FIELD_SUPPORT" },
            ["outcome"] = new JsonObject { ["allowed"] = true, ["riskLevel"] = "MEDIUM", ["approvalRequired"] = true },
        }));
        var fiona = api.Operator("fiona", "FIXED_FIELD_SUPPORT");
        var started = await CaseFlow.InProgressAsync(api, fiona, b => b["categoryHint"] = "FIELD");
        var (correction, version) = await CaseFlow.ProposeAsync(fiona, started.Id(), CaseFlow.Retry(), started.Version());
        Assert.Equal("MEDIUM", correction.Str("riskLevel"));
        Assert.Equal($"medium-retry-needs-checker-for-field@v{created.Version()}", correction.Str("policyRef"));

        var approved = await CaseFlow.PostAsync(api.Approver("ana", mfa: false), $"/fallout-cases/{started.Id()}/approve",
            Decision(correction.Id(), "APPROVE"), version);

        Assert.Equal("CORRECTION_PROPOSED", approved.Str("status"));
    }

    [Fact]
    public async Task A_supervisor_holding_the_approver_role_still_cannot_approve_their_own_proposal()
    {
        var boss = api.App.As("sam", [Roles.Supervisor, Roles.Approver], mfa: true);
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        var claimed = await CaseFlow.PostAsync(boss, $"/fallout-cases/{created.Id()}/assign", new JsonObject(), created.Version());
        var started = await CaseFlow.PostAsync(boss, $"/fallout-cases/{created.Id()}/start", null, claimed.Version());
        var (correction, version) = await CaseFlow.ProposeAsync(boss, created.Id(), Release(), started.Version());

        await (await boss.PostJsonAsync($"/fallout-cases/{created.Id()}/approve", Decision(correction.Id(), "APPROVE"), version))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "SEGREGATION_OF_DUTIES");
    }
}
