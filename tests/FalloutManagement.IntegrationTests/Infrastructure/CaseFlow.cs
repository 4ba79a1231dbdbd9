using System.Net;
using System.Text.Json.Nodes;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>
/// The one case driver of the integration tests: walks a case through its lifecycle over HTTP so a test starts where
/// its subject begins. The static helpers act as the client they are given and return bodies; an instance bound to a
/// fixture acts as the supervisor <see cref="Supervisor"/> and returns each new version. Reporting and reading a case
/// are the <see cref="CaseDriver"/> extensions of <see cref="ApiFixture"/>.
/// </summary>
public sealed class CaseFlow(ApiFixture api)
{
    public const string ActivationQueue = "MOBILE_ACTIVATION_L2";
    public const string Supervisor = "sam.supervisor";

    // ------------------------------------------------------------ as a given client

    /// <summary><paramref name="worker"/> claims the case (assign with no user): the case ASSIGNED.</summary>
    public static Task<JsonObject> ClaimAsync(HttpClient worker, JsonObject fallout) =>
        PostAsync(worker, $"/fallout-cases/{fallout.Id()}/assign", new JsonObject(), fallout.Version());

    /// <summary><paramref name="worker"/> starts work on the case: the case IN_PROGRESS.</summary>
    public static Task<JsonObject> StartAsync(HttpClient worker, JsonObject fallout) =>
        PostAsync(worker, $"/fallout-cases/{fallout.Id()}/start", null, fallout.Version());

    /// <summary>Reports a fallout, lets <paramref name="worker"/> claim and start it; returns the case IN_PROGRESS.</summary>
    public static async Task<JsonObject> InProgressAsync(ApiFixture api, HttpClient worker, Action<JsonObject>? change = null) =>
        await StartAsync(worker, await ClaimAsync(worker, await api.ReportAsync(change)));

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

    /// <summary>
    /// Carries a correction out the way its type is carried out: a <c>MANUAL_PROVISIONING</c> is applied by
    /// <paramref name="worker"/>; any other type was dispatched to its executor, which reports SUCCEEDED (with
    /// <paramref name="readBack"/> when given). Returns the case (CORRECTION_APPLIED).
    /// </summary>
    public static async Task<JsonObject> ApplyAsync(ApiFixture api, HttpClient worker, Guid id, JsonObject correction, long version,
        JsonObject? readBack = null)
    {
        if (correction.Str("type") == "MANUAL_PROVISIONING")
        {
            return await PostAsync(worker, $"/fallout-cases/{id}/correction-actions/{correction.Id()}/apply",
                new JsonObject { ["result"] = new JsonObject { ["done"] = "as instructed" } }, version);
        }
        await ReportResultAsync(api, id, correction.Id(), "SUCCEEDED", readBack);
        return await GetAsync(api.Supervisor(Supervisor), id);
    }

    /// <summary>The correction as <c>GET .../correction-actions/{caId}</c> shows it (executor, commandId, executionStatus, history).</summary>
    public static async Task<JsonObject> CorrectionAsync(ApiFixture api, Guid id, Guid correctionId) =>
        await (await api.Supervisor(Supervisor).GetAsync($"/fallout-cases/{id}/correction-actions/{correctionId}")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>The body an executor sends for the command its correction was dispatched with.</summary>
    public static JsonObject Result(JsonObject correction, string outcome, JsonObject? readBack = null) => new()
    {
        ["commandId"] = correction.Str("commandId"),
        ["outcome"] = outcome,
        ["detail"] = $"executor reports {outcome}",
        ["externalRef"] = $"ext-{correction.Str("commandId")}",
        ["readBack"] = readBack,
    };

    /// <summary>The dispatched executor reports <paramref name="outcome"/>; returns the correction it answers with.</summary>
    public static async Task<JsonObject> ReportResultAsync(ApiFixture api, Guid id, Guid correctionId, string outcome, JsonObject? readBack = null)
    {
        var correction = await CorrectionAsync(api, id, correctionId);
        var executor = correction.Str("executor") ?? throw new InvalidOperationException($"Correction {correctionId} has no executor.");
        return await (await api.Executor(executor).PostJsonAsync($"/fallout-cases/{id}/correction-actions/{correctionId}/execution-results",
            Result(correction, outcome, readBack))).ExpectAsync(HttpStatusCode.OK);
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
        var applied = await ApplyAsync(api, worker, id, correction, version);
        var verifying = await PostAsync(worker, $"/fallout-cases/{id}/verify", null, applied.Version());
        var (proof, afterProof) = await AttachAsync(worker, id, Evidence("SYNTHETIC_TEST_RESULT", provesResolution: true), verifying.Version());
        return (id, proof.Id(), afterProof);
    }

    // ------------------------------------------------------------ as the supervisor, version in, version out

    public async Task<(Guid Id, long Version, JsonObject Body)> ReportAsync(Action<JsonObject>? change = null)
    {
        var created = await api.ReportAsync(change);
        return (created.Id(), created.Version(), created);
    }

    public async Task<long> CommandAsync(Guid id, string command, JsonObject? body, long version) =>
        (await PostAsync(api.Supervisor(Supervisor), $"/fallout-cases/{id}/{command}", body ?? [], version)).Version();

    public Task<long> ClaimAsync(Guid id, long version) => CommandAsync(id, "assign", new JsonObject { ["user"] = Supervisor }, version);

    public async Task<long> StartAsync(Guid id, long version) => await CommandAsync(id, "start", null, await ClaimAsync(id, version));

    public Task<long> WaitAsync(Guid id, string waitingFor, long version) =>
        CommandAsync(id, "wait", new JsonObject { ["waitingFor"] = waitingFor, ["reason"] = $"waiting for {waitingFor}" }, version);

    public Task<long> ContinueAsync(Guid id, long version) => CommandAsync(id, "continue", null, version);
}
