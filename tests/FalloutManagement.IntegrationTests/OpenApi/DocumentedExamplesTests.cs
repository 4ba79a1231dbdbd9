using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.OpenApi;

/// <summary>
/// The request examples of the served API description work as they stand: a client who copies one (Swagger's "Try it
/// out") gets a 2xx, not a 400 for a placeholder, a stale date or content that is not base64. Examples that name other
/// resources by id (a correction, a token, evidence to supersede) cannot know them, and a hub registration's callback
/// must resolve (example.net does not, by design): those are left out.
/// </summary>
public sealed class DocumentedExamplesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Every request example of the operation <paramref name="method"/> <paramref name="path"/>, references resolved.</summary>
    private static List<JsonObject> ExamplesOf(JsonObject document, string path, string method = "post")
    {
        var examples = document["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.NotEmpty(examples);
        return [.. examples.Select(e => e.Value!["$ref"] is { } reference
            ? document["components"]!["examples"]![reference.GetValue<string>().Split('/')[^1]]!["value"]!.DeepClone().AsObject()
            : e.Value!["value"]!.DeepClone().AsObject())];
    }

    [Fact]
    public async Task The_examples_of_commands_on_a_case_in_work_are_accepted()
    {
        var document = await OpenApiDocument.ServedAsync(api.App);
        var worker = api.Operator("example.operator", CaseFlow.ActivationQueue);
        var fallout = await CaseFlow.InProgressAsync(api, worker);
        var id = fallout.Id();

        foreach (var (path, status) in new[]
        {
            ("/fallout-cases/{id}/evidence", HttpStatusCode.Created),
            ("/fallout-cases/{id}/tasks", HttpStatusCode.Created),
            ("/fallout-cases/{id}/reservations", HttpStatusCode.OK),
            ("/fallout-cases/{id}/wait", HttpStatusCode.OK),
        })
        {
            foreach (var example in ExamplesOf(document, path))
            {
                var version = await CaseFlow.VersionAsync(worker, id);
                var answer = await worker.PostJsonAsync(path.Replace("{id}", id.ToString(), StringComparison.Ordinal), example, version);
                Assert.True(answer.StatusCode == status, $"{path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Fact]
    public async Task The_correction_examples_are_accepted_one_per_type()
    {
        var document = await OpenApiDocument.ServedAsync(api.App);
        var worker = api.Operator("example.corrector", CaseFlow.ActivationQueue);
        foreach (var example in ExamplesOf(document, "/fallout-cases/{id}/correction-actions"))
        {
            var fallout = await CaseFlow.InProgressAsync(api, worker);
            var answer = await worker.PostJsonAsync($"/fallout-cases/{fallout.Id()}/correction-actions", example, fallout.Version());
            Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{example["type"]}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task The_examples_of_reference_data_and_policies_are_accepted()
    {
        var document = await OpenApiDocument.ServedAsync(api.App);
        foreach (var (path, status) in new[]
        {
            ("/queues", HttpStatusCode.Created),
            ("/sla-policies", HttpStatusCode.Created),
            // A policy write is a proposal for a second admin (four eyes).
            ("/action-policies", HttpStatusCode.Accepted),
        })
        {
            foreach (var example in ExamplesOf(document, path))
            {
                var answer = await api.Admin("example.admin").PostJsonAsync(path, example);
                Assert.True(answer.StatusCode == status, $"{path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Fact]
    public async Task The_examples_of_incidents_and_break_glass_requests_are_accepted()
    {
        var document = await OpenApiDocument.ServedAsync(api.App);
        foreach (var (client, path) in new[]
        {
            (api.Supervisor("example.supervisor"), "/incidents"),
            (api.Operator("example.fred", "FRAUD_REVIEW"), "/break-glass"),
        })
        {
            foreach (var example in ExamplesOf(document, path))
            {
                var answer = await client.PostJsonAsync(path, example);
                Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }
        }
    }
}
