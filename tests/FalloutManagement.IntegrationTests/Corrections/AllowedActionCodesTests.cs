using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

/// <summary>A refused action in allowed-actions names the problem code its command would answer, so a client can say why.</summary>
public sealed class AllowedActionCodesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_approver_without_mfa_sees_step_up_required_and_the_approval_answers_the_same()
    {
        var worker = api.Operator("olivia.operator", CaseFlow.ActivationQueue);
        var fallout = await CaseFlow.InProgressAsync(api, worker);
        var (correction, version) = await CaseFlow.ProposeAsync(worker, fallout.Id(), CaseFlow.Proposal("FORCE_COMPLETE",
            new JsonObject { ["step"] = "ProvisionMobileSubscriber", ["justification"] = "read-back shows it active" }), fallout.Version());

        var withoutMfa = api.Approver(mfa: false);
        var approve = await ActionAsync(withoutMfa, fallout.Id(), "APPROVE_CORRECTION");
        var reject = await ActionAsync(withoutMfa, fallout.Id(), "REJECT_CORRECTION");
        var operatorView = await ActionAsync(worker, fallout.Id(), "APPROVE_CORRECTION");
        var stepUp = await ActionAsync(api.Approver(mfa: true), fallout.Id(), "APPROVE_CORRECTION");

        Assert.Equal((false, "STEP_UP_REQUIRED"), ((bool)approve["allowed"]!, (string?)approve["code"]));
        Assert.Equal((true, null), ((bool)reject["allowed"]!, (string?)reject["code"]));
        Assert.Equal((false, "FORBIDDEN"), ((bool)operatorView["allowed"]!, (string?)operatorView["code"]));
        Assert.Equal((true, null), ((bool)stepUp["allowed"]!, (string?)stepUp["code"]));
        await (await withoutMfa.PostJsonAsync($"/fallout-cases/{fallout.Id()}/approve",
                new JsonObject { ["correctionActionId"] = correction.Id().ToString(), ["decision"] = "APPROVE", ["reason"] = "looks right" }, version))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "STEP_UP_REQUIRED");
    }

    [Fact]
    public async Task A_command_refused_by_state_names_invalid_transition()
    {
        var fallout = await api.ReportAsync();

        var verify = await ActionAsync(api.Supervisor(), fallout.Id(), "VERIFY");

        Assert.Equal((false, "INVALID_TRANSITION"), ((bool)verify["allowed"]!, (string?)verify["code"]));
    }

    [Fact]
    public async Task Why_not_names_what_the_service_runs_itself_and_who_triages_a_detected_case()
    {
        var detected = await api.ReportAsync(b =>
        {
            b.Remove("categoryHint");
            b["reasonCode"] = "SOMETHING_NO_RULE_KNOWS";
        });
        var triage = api.Operator("tia.operator", "FALLOUT_TRIAGE");

        var classify = await ActionAsync(triage, detected.Id(), "CLASSIFY");
        var expire = await ActionAsync(triage, detected.Id(), "EXPIRE_RESERVATION");

        // An operator cannot claim a DETECTED case, so "claim it first" would send them in a circle.
        Assert.False((bool)classify["allowed"]!);
        Assert.Equal("A DETECTED case cannot be claimed; a supervisor does this.", (string?)classify["reason"]);
        Assert.True((bool)(await ActionAsync(api.Supervisor(), detected.Id(), "CLASSIFY"))["allowed"]!);
        Assert.Equal("EXPIRE_RESERVATION is run by the service itself, when its rules hold.", (string?)expire["reason"]);
    }

    private static async Task<JsonObject> ActionAsync(HttpClient client, Guid id, string action)
    {
        var allowed = await (await client.GetAsync($"/fallout-cases/{id}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        return allowed["actions"]!.AsArray().Single(a => (string?)a!["action"] == action)!.AsObject();
    }
}
