using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

/// <summary>A service configured with one manual retry per case and half-hour resume tokens.</summary>
public sealed class TightLimitsFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Corrections:MaxRetriesPerCase"] = "1",
        ["Resume:TokenLifetimeMinutes"] = "30",
    };
}

public sealed class ConfiguredLimitsTests(TightLimitsFixture api) : IClassFixture<TightLimitsFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    [Fact]
    public async Task The_retry_limit_and_token_lifetime_come_from_configuration()
    {
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, Olga);
        var resolved = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "RESUME", ["evidenceId"] = proofId.ToString(), ["reason"] = "fixed",
        }, version);
        var token = resolved["resumeToken"]!.AsObject();
        Assert.Equal(TimeSpan.FromMinutes(30), DateTimeOffset.Parse(token.Str("expiresAt")!, CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(token.Str("issuedAt")!, CultureInfo.InvariantCulture));

        var started = await CaseFlow.InProgressAsync(api, Olga);
        var (retry, proposed) = await CaseFlow.ProposeAsync(Olga, started.Id(), CaseFlow.Retry(), started.Version());
        var applied = await CaseFlow.ApplyAsync(api, Olga, started.Id(), retry, proposed);
        var verifying = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{started.Id()}/verify", null, applied.Version());
        var failed = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{started.Id()}/verification-failed",
            new JsonObject { ["reason"] = "same error" }, verifying.Version());

        await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/correction-actions", CaseFlow.Retry(), failed.Version()))
            .ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
    }
}
