using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

/// <summary>Walks a case through the lifecycle over HTTP, so a test can start where its subject begins.</summary>
public static class CaseFlow
{
    public const string ActivationQueue = "MOBILE_ACTIVATION_L2";

    /// <summary>Reports a fallout, lets <paramref name="worker"/> claim and start it; returns the case IN_PROGRESS.</summary>
    public static async Task<JsonObject> InProgressAsync(ApiFixture api, HttpClient worker, Action<JsonObject>? change = null)
    {
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(change))).ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        var claimed = await (await worker.PostJsonAsync($"/fallout-cases/{id}/assign", new JsonObject(), created.Version()))
            .ExpectAsync(HttpStatusCode.OK);
        return await (await worker.PostJsonAsync($"/fallout-cases/{id}/start", null, claimed.Version())).ExpectAsync(HttpStatusCode.OK);
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/fallout-cases/{id}")).ExpectAsync(HttpStatusCode.OK);

    public static async Task<long> VersionAsync(HttpClient client, Guid id) => (await GetAsync(client, id)).Version();

    public static JsonObject Proposal(string type, JsonObject payload, string reason = "the cause is understood") =>
        new() { ["type"] = type, ["payload"] = payload, ["reason"] = reason };

    public static JsonObject Retry() => Proposal("RETRY", new JsonObject { ["step"] = "ProvisionMobileSubscriber" }, "vendor outage is over");

    /// <summary>Proposes and returns the correction (201) with the case's new version.</summary>
    public static async Task<(JsonObject Correction, long Version)> ProposeAsync(HttpClient worker, Guid id, JsonObject proposal, long version)
    {
        var response = await worker.PostJsonAsync($"/fallout-cases/{id}/correction-actions", proposal, version);
        var correction = await response.ExpectAsync(HttpStatusCode.Created);
        return (correction, response.ETag());
    }

    public static JsonObject Evidence(string type, bool provesResolution, string? content = null) => new()
    {
        ["evidenceType"] = type,
        ["source"] = "hss-read-back",
        ["storageRef"] = content is null ? $"s3://evidence/{Guid.NewGuid():N}" : null,
        ["content"] = content is null ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(content)),
        ["customerVisible"] = false,
        ["provesResolution"] = provesResolution,
    };

    /// <summary>Attaches evidence and returns it with the case's new version.</summary>
    public static async Task<(JsonObject Evidence, long Version)> AttachAsync(HttpClient worker, Guid id, JsonObject evidence, long version)
    {
        var response = await worker.PostJsonAsync($"/fallout-cases/{id}/evidence", evidence, version);
        var item = await response.ExpectAsync(HttpStatusCode.Created);
        return (item, response.ETag());
    }

    public static async Task<JsonObject> PostAsync(HttpClient client, string url, JsonNode? body, long version, HttpStatusCode status = HttpStatusCode.OK) =>
        await (await client.PostJsonAsync(url, body, version)).ExpectAsync(status);

    /// <summary>A low-risk RETRY taken to VERIFYING, evidence proving the resolution attached; returns (evidenceId, version).</summary>
    public static async Task<(Guid CaseId, Guid EvidenceId, long Version)> VerifyingWithProofAsync(ApiFixture api, HttpClient worker,
        Action<JsonObject>? change = null)
    {
        var started = await InProgressAsync(api, worker, change);
        var id = started.Id();
        var (correction, version) = await ProposeAsync(worker, id, Retry(), started.Version());
        var applied = await PostAsync(worker, $"/fallout-cases/{id}/correction-actions/{correction.Id()}/apply",
            new JsonObject { ["result"] = new JsonObject { ["vendorRequestId"] = "req-1" } }, version);
        var verifying = await PostAsync(worker, $"/fallout-cases/{id}/verify", null, applied.Version());
        var (proof, afterProof) = await AttachAsync(worker, id, Evidence("SYNTHETIC_TEST_RESULT", provesResolution: true), verifying.Version());
        return (id, proof.Id(), afterProof);
    }
}
