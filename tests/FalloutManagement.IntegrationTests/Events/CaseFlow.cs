using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Events;

/// <summary>Drives cases through their lifecycle over HTTP as a supervisor, returning each new version.</summary>
public sealed class CaseFlow(ApiFixture api)
{
    public const string Supervisor = "sam.supervisor";

    public async Task<(Guid Id, long Version, JsonObject Body)> ReportAsync(Action<JsonObject>? change = null)
    {
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout(change))).ExpectAsync(HttpStatusCode.Created);
        return (created.Id(), created.Version(), created);
    }

    public async Task<long> CommandAsync(Guid id, string command, JsonObject? body, long version)
    {
        var response = await api.Supervisor(Supervisor).PostJsonAsync($"/fallout-cases/{id}/{command}", body ?? [], version);
        return (await response.ExpectAsync(HttpStatusCode.OK)).Version();
    }

    public Task<long> ClaimAsync(Guid id, long version) => CommandAsync(id, "assign", new JsonObject { ["user"] = Supervisor }, version);

    public async Task<long> StartAsync(Guid id, long version) => await CommandAsync(id, "start", null, await ClaimAsync(id, version));

    public Task<long> WaitAsync(Guid id, string waitingFor, long version) =>
        CommandAsync(id, "wait", new JsonObject { ["waitingFor"] = waitingFor, ["reason"] = $"waiting for {waitingFor}" }, version);

    public Task<long> ContinueAsync(Guid id, long version) => CommandAsync(id, "continue", null, version);
}
