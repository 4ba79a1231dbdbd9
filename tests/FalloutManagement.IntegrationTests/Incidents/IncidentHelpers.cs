using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Incidents;

/// <summary>Drives incidents and cases through the API the way the console does.</summary>
public static class IncidentHelpers
{
    public static JsonObject Incident(Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["title"] = "HSS vendor outage",
            ["description"] = "HSS answers 503 to every provisioning command",
            ["affectedTargetSystem"] = "hss",
            ["startedAt"] = "2026-11-02T08:00:00Z",
        };
        change?.Invoke(body);
        return body;
    }

    /// <summary>Opens an incident whose rule claims new fallout with <paramref name="reasonCode"/>.</summary>
    public static async Task<JsonObject> OpenIncidentAsync(this ApiFixture api, string? reasonCode = null, Action<JsonObject>? change = null)
    {
        var body = Incident(b =>
        {
            if (reasonCode is not null)
            {
                b["autoLinkRule"] = new JsonObject { ["reasonCode"] = reasonCode, ["category"] = "ACTIVATION" };
            }
            change?.Invoke(b);
        });
        return await (await api.Supervisor().PostJsonAsync("/incidents", body)).ExpectAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonObject> GetIncidentAsync(this ApiFixture api, Guid id) =>
        await (await api.Supervisor().GetAsync($"/incidents/{id}")).ExpectAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> LinkAsync(this ApiFixture api, Guid incidentId, JsonObject fallout, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await api.Supervisor().PostJsonAsync($"/incidents/{incidentId}/links",
            new JsonObject { ["caseId"] = fallout.Id().ToString(), ["reason"] = "same HSS outage" }, fallout.Version())).ExpectAsync(expected);

    public static async Task<JsonObject> ResolveAsync(this ApiFixture api, Guid incidentId) =>
        await (await api.Supervisor().PostJsonAsync($"/incidents/{incidentId}/resolve",
            new JsonObject { ["rootCause"] = "HSS certificate expired; renewed" })).ExpectAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> RecoverAsync(this HttpClient client, Guid incidentId, string action, bool dryRun = false,
        int maxConcurrency = 4, decimal failureThreshold = 0.5m) =>
        client.PostJsonAsync($"/incidents/{incidentId}/recovery", new JsonObject
        {
            ["action"] = action,
            ["dryRun"] = dryRun,
            ["maxConcurrency"] = maxConcurrency,
            ["failureThreshold"] = failureThreshold,
        });

    public static JsonObject OutcomeOf(this JsonObject job, Guid caseId) =>
        job["outcomes"]!.AsArray().Select(o => o!.AsObject()).Single(o => Guid.Parse((string)o["caseId"]!) == caseId);
}
