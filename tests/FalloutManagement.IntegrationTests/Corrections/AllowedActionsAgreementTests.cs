using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

/// <summary>
/// A representative walk through HTTP (the unit test <c>AllowedActionsWalkTests</c> walks every pair): before each command
/// <c>allowed-actions</c> is asked, and the command succeeds exactly when it said yes.
/// </summary>
public sealed class AllowedActionsAgreementTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Owner => api.Operator("olga", CaseFlow.ActivationQueue);

    private async Task<bool> AllowedAsync(HttpClient client, Guid id, string command)
    {
        var actions = await (await client.GetAsync($"/fallout-cases/{id}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        return actions["allowed"]!.AsArray().Any(a => (string?)a == command);
    }

    /// <summary>Asks allowed-actions, runs the command, and checks both agree; returns the case's version afterwards.</summary>
    private async Task<long> AgreeAsync(HttpClient client, Guid id, string command, string url, JsonNode? body, long version)
    {
        var allowed = await AllowedAsync(client, id, command);
        var response = await client.PostJsonAsync(url, body, version);
        Assert.True(allowed == response.IsSuccessStatusCode,
            $"{command}: allowed-actions says {allowed}, the command answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.IsSuccessStatusCode ? response.ETag() : version;
    }

    [Fact]
    public async Task Allowed_actions_and_the_commands_agree_from_intake_to_resolution()
    {
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        var colleague = api.Operator("oscar", CaseFlow.ActivationQueue);
        var resolve = (Guid evidence) => new JsonObject
        {
            ["decision"] = "RESUME", ["resumeMode"] = "RETRY_FAILED_STEP", ["evidenceId"] = evidence.ToString(), ["reason"] = "fixed and verified",
        };

        var version = await AgreeAsync(Owner, id, "START", $"/fallout-cases/{id}/start", null, created.Version());
        version = await AgreeAsync(Owner, id, "ASSIGN", $"/fallout-cases/{id}/assign", new JsonObject(), version);
        version = await AgreeAsync(colleague, id, "START", $"/fallout-cases/{id}/start", null, version);
        version = await AgreeAsync(Owner, id, "START", $"/fallout-cases/{id}/start", null, version);
        version = await AgreeAsync(Owner, id, "CLOSE", $"/fallout-cases/{id}/close", new JsonObject { ["reason"] = "done" }, version);
        var (correction, proposed) = await CaseFlow.ProposeAsync(Owner, id, CaseFlow.Retry(), version);
        // A retry is executed by the activation service: the operator's apply is refused, and allowed-actions agrees.
        version = await AgreeAsync(Owner, id, "APPLY_CORRECTION", $"/fallout-cases/{id}/correction-actions/{correction.Id()}/apply",
            new JsonObject { ["result"] = new JsonObject { ["vendorRequestId"] = "req-1" } }, proposed);
        Assert.Equal(proposed, version);
        version = (await CaseFlow.ApplyAsync(api, Owner, id, correction, proposed)).Version();
        version = await AgreeAsync(Owner, id, "VERIFY", $"/fallout-cases/{id}/verify", null, version);
        var (note, afterNote) = await CaseFlow.AttachAsync(Owner, id, CaseFlow.Evidence("SCREENSHOT", provesResolution: false), version);

        version = await AgreeAsync(Owner, id, "RESOLVE", $"/fallout-cases/{id}/resolve", resolve(note.Id()), afterNote);
        Assert.Equal(afterNote, version);
        var (proof, afterProof) = await CaseFlow.AttachAsync(Owner, id, CaseFlow.Evidence("SYNTHETIC_TEST_RESULT", provesResolution: true), version);
        version = await AgreeAsync(colleague, id, "RESOLVE", $"/fallout-cases/{id}/resolve", resolve(proof.Id()), afterProof);
        version = await AgreeAsync(Owner, id, "RESOLVE", $"/fallout-cases/{id}/resolve", resolve(proof.Id()), version);
        Assert.True(version > afterProof);

        version = await AgreeAsync(Owner, id, "CLOSE", $"/fallout-cases/{id}/close", new JsonObject { ["reason"] = "done" }, version);
        await AgreeAsync(api.Supervisor(), id, "REISSUE_RESUME_TOKEN", $"/fallout-cases/{id}/resume-token/reissue",
            new JsonObject { ["reason"] = "lost" }, version);
    }
}
