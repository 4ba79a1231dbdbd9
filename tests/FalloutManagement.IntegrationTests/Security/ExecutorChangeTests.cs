using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Security;

/// <summary>Executors are policy: an admin's create or change is a proposal that takes effect when another admin approves it.</summary>
public sealed class ExecutorChangeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonObject Executor(string name, string deadline) => new()
    {
        ["name"] = name, ["correctionTypes"] = new JsonArray("RETRY"), ["resultDeadline"] = deadline, ["reason"] = "new wholesale partner",
    };

    private HttpRequestMessage Put(string code, JsonObject body, long version)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/executors/{code}") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return request;
    }

    [Fact]
    public async Task Executor_changes_are_proposals_a_second_admin_approves()
    {
        var create = Executor("Wholesale gateway", "PT4H");
        create["code"] = "wholesale-gw";
        var proposal = await api.Admin().PostJsonAsync("/executors", create.DeepClone());
        var change = await proposal.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("executor", change.Str("kind"));
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "executors", "code = 'wholesale-gw'"));
        await (await api.Admin().PostJsonAsync($"/policy-changes/{change.Id()}/approve", new JsonObject { ["reason"] = "mine" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "SEGREGATION_OF_DUTIES");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "executors", "code = 'wholesale-gw'"));

        var created = await (await api.Admin(PolicyChangeFlow.Checker).PostJsonAsync($"/policy-changes/{change.Id()}/approve",
            new JsonObject { ["reason"] = "contract signed" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("wholesale-gw", created["after"]!.AsObject().Str("code"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries", "action = 'EXECUTOR_CREATED' AND actor = @a", ("a", PolicyChangeFlow.Checker)));
        await (await api.Admin().PostJsonAsync("/executors", create.DeepClone())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");

        // Two changes proposed against version 1: the first approved applies, the second is refused and changes nothing.
        var first = await (await api.Admin().SendAsync(Put("wholesale-gw", Executor("Wholesale gateway", "PT8H"), 1))).ExpectAsync(HttpStatusCode.Accepted);
        var second = await (await api.Admin().SendAsync(Put("wholesale-gw", Executor("Wholesale gateway", "PT1H"), 1))).ExpectAsync(HttpStatusCode.Accepted);
        await (await api.Admin().SendAsync(Put("wholesale-gw", Executor("Wholesale gateway", "PT2H"), 7)))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        Assert.Equal("PT4H", (await (await api.Supervisor().GetAsync("/executors/wholesale-gw")).ExpectAsync(HttpStatusCode.OK)).Str("resultDeadline"));
        await (await api.Admin(PolicyChangeFlow.Checker).PostJsonAsync($"/policy-changes/{first.Id()}/approve", new JsonObject { ["reason"] = "ok" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await api.Admin(PolicyChangeFlow.Checker).PostJsonAsync($"/policy-changes/{second.Id()}/approve", new JsonObject { ["reason"] = "ok" }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        var now = await (await api.Supervisor().GetAsync("/executors/wholesale-gw")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("PT8H", now.Str("resultDeadline"));
        Assert.Equal(2, now.Version());
        Assert.Equal("PROPOSED", (await (await api.Auditor().GetAsync($"/policy-changes/{second.Id()}")).ExpectAsync(HttpStatusCode.OK)).Str("status"));
    }
}
