using System.Net;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.OperatorConsole;

/// <summary>The console's pages come from the service itself, without a token, under a strict content security policy.</summary>
public sealed class ConsoleServingTests(ConsoleServingTests.Fixture api) : IClassFixture<ConsoleServingTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Console:Authority"] = "https://login.example.test/realms/telco",
            ["Console:ClientId"] = "fallout-console",
            ["Console:StepUpAcrValues"] = "mfa",
        };
    }

    [Fact]
    public async Task The_pages_are_served_without_a_token_with_a_content_security_policy()
    {
        var client = api.App.CreateClient(new() { AllowAutoRedirect = false });

        var redirect = await client.GetAsync("/console");
        var page = await client.GetAsync("/console/");
        var script = await client.GetAsync("/console/js/app.js");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/console/", redirect.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' https://login.example.test", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_sign_in_configuration_names_the_authority_and_offers_dev_tokens_only_in_development()
    {
        var config = await (await api.App.CreateClient().GetAsync("/console/config.json")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("https://login.example.test/realms/telco", config.Str("authority"));
        Assert.Equal("fallout-console", config.Str("clientId"));
        Assert.Equal("openid profile", config.Str("scopes"));
        Assert.Equal("mfa", config.Str("stepUpAcrValues"));
        Assert.True((bool)config["devTokens"]!);
    }

    [Fact]
    public async Task The_api_still_needs_a_token()
    {
        var response = await api.App.CreateClient().GetAsync("/fallout-cases");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
