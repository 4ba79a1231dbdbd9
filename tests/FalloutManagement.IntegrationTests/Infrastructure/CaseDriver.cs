using System.Net;
using System.Text.Json.Nodes;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>Reports and reads cases on a fixture (<c>api.ReportAsync()</c>); the lifecycle steps are in <see cref="CaseFlow"/>.</summary>
public static class CaseDriver
{
    /// <summary>
    /// Reports a valid fallout (<see cref="Http.Fallout"/>, edited by <paramref name="change"/>) as the source it names
    /// (a source reports only as itself): the case (201).
    /// </summary>
    public static async Task<JsonObject> ReportAsync(this ApiFixture api, Action<JsonObject>? change = null)
    {
        var body = Http.Fallout(change);
        return await (await api.Source((string)body["sourceSystem"]!).PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);
    }

    public static Task<JsonObject> GetCaseAsync(this ApiFixture api, Guid id) => CaseFlow.GetAsync(api.Supervisor(), id);

    /// <summary>A case assigned to olga by the supervisor and started by her: IN_PROGRESS.</summary>
    public static async Task<JsonObject> InProgressCaseAsync(this ApiFixture api)
    {
        var created = await api.ReportAsync();
        var assigned = await CaseFlow.PostAsync(api.Supervisor(), $"/fallout-cases/{created.Id()}/assign", new JsonObject { ["user"] = "olga" },
            created.Version());
        return await CaseFlow.StartAsync(api.Operator("olga", CaseFlow.ActivationQueue), assigned);
    }
}
