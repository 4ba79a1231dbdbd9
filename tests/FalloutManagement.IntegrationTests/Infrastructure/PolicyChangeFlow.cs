using System.Net;
using System.Text.Json.Nodes;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>Four eyes on policy: a write of an admin is a proposal (202) that a second admin approves.</summary>
public static class PolicyChangeFlow
{
    public const string Checker = "chk.admin";

    /// <summary>Asserts the proposal (202 + Location), has <see cref="Checker"/> approve it, and returns what was applied.</summary>
    public static async Task<JsonObject> ApproveAsync(ApiFixture api, HttpResponseMessage proposal)
    {
        var change = await proposal.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/policy-changes/{change.Id()}", proposal.Headers.Location?.OriginalString);
        Assert.Equal("PROPOSED", change.Str("status"));
        var approved = await (await api.Admin(Checker).PostJsonAsync($"/policy-changes/{change.Id()}/approve",
            new JsonObject { ["reason"] = "checked" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("APPROVED", approved.Str("status"));
        return approved["after"]!.AsObject();
    }
}
