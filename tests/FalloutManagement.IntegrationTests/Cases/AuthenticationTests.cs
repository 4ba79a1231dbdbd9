using System.Net;
using System.Net.Http.Headers;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace FalloutManagement.IntegrationTests.Cases;

public sealed class AuthenticationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient WithToken(string token)
    {
        var client = api.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task No_token_is_401_problem()
    {
        var response = await api.App.CreateClient().PostJsonAsync("/fallout-cases", Http.Fallout());

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var forged = TestTokens.Mint("mallory", [Roles.Source], signingKey: "another-key-that-is-long-enough-0123456789");

        await (await WithToken(forged).PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var expired = TestTokens.Mint("activation-service", [Roles.Source], expires: DateTime.UtcNow.AddMinutes(-10));

        await (await WithToken(expired).PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        var foreign = TestTokens.Mint("activation-service", [Roles.Source], issuer: "someone-else");

        await (await WithToken(foreign).PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Approver)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Auditor)]
    public async Task Only_source_systems_report_fallout(string role)
    {
        var before = await Sql.CountAsync(api.ConnectionString, "fallout_cases");

        var response = await api.App.As("someone", [role], ["MOBILE_ACTIVATION_L2"]).PostJsonAsync("/fallout-cases", Http.Fallout());

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(before, await Sql.CountAsync(api.ConnectionString, "fallout_cases"));
    }

    [Theory]
    [InlineData(Roles.Source)]
    [InlineData(Roles.Admin)]
    public async Task Sources_and_admins_do_not_read_cases(string role)
    {
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);

        await (await api.App.As("someone", [role]).GetAsync($"/fallout-cases/{created.Id()}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.App.As("someone", [role]).GetAsync("/fallout-cases")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task The_actor_comes_from_sub_never_from_the_body()
    {
        var source = api.App.As("order-service", [Roles.Source]);
        var forged = Http.Fallout(b =>
        {
            b["actor"] = "someone-else";
            b["sourceSystem"] = "order-service";
        });
        // A body has no actor field: naming one is refused as any unknown field is, and nothing is stored.
        var refused = await (await source.PostJsonAsync("/fallout-cases", forged)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(refused["errors"]!.AsObject().ContainsKey("actor"));
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "fallout_occurrences", "source_event_id = @e", ("e", (string)forged["sourceEventId"]!)));

        var body = Http.Fallout(b => b["sourceSystem"] = "order-service");
        var created = await (await source.PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("order-service", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT actor FROM audit_entries WHERE case_id = @id AND chain_seq = 1", ("id", created.Id())));
    }

    [Fact]
    public async Task Health_and_the_api_description_are_anonymous()
    {
        var client = api.App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var description = await client.GetStringAsync("/swagger/v1/swagger.json");
        Assert.Contains("/fallout-cases", description, StringComparison.Ordinal);
        Assert.Contains("bearer", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_tokens_are_minted_for_any_user_roles_and_queues_and_work()
    {
        // This host keeps real time: the token's lifetime is checked against the wall clock.
        await using var app = new FalloutApp(api.ConnectionString);
        var minted = await (await app.CreateClient().PostJsonAsync("/dev/tokens", new System.Text.Json.Nodes.JsonObject
        {
            ["sub"] = "olga",
            ["roles"] = new System.Text.Json.Nodes.JsonArray("fallout.operator"),
            ["queues"] = new System.Text.Json.Nodes.JsonArray("MOBILE_ACTIVATION_L2"),
        })).ExpectAsync(HttpStatusCode.OK);

        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)minted["accessToken"]!);

        await (await client.GetAsync("/fallout-cases")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Development_tokens_for_partners_carry_their_partner_claim()
    {
        await using var app = new FalloutApp(api.ConnectionString);
        var request = new System.Text.Json.Nodes.JsonObject
        {
            ["sub"] = "field-gateway", ["roles"] = new System.Text.Json.Nodes.JsonArray("fallout.partner"),
        };
        await (await app.CreateClient().PostJsonAsync("/dev/tokens", request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        request["partner"] = "FIELD-OPS";
        var minted = await (await app.CreateClient().PostJsonAsync("/dev/tokens", request)).ExpectAsync(HttpStatusCode.OK);
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken((string)minted["accessToken"]!);
        Assert.Equal("FIELD-OPS", jwt.GetClaim("partner").Value);

        // The claim makes it a participant: the external-update endpoint looks for a case waiting on FIELD-OPS (none: 404),
        // where a partner token without it is refused (403).
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)minted["accessToken"]!);
        var update = new System.Text.Json.Nodes.JsonObject { ["waitingFor"] = "FIELD", ["outcome"] = "COMPLETED", ["detail"] = "done" };
        await (await client.PostJsonAsync($"/fallout-cases/{Guid.NewGuid()}/external-updates", update))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var withoutClaim = app.CreateClient();
        withoutClaim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Mint("field-gateway", ["fallout.partner"]));
        await (await withoutClaim.PostJsonAsync($"/fallout-cases/{Guid.NewGuid()}/external-updates", update))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Development_tokens_for_order_orchestrators_carry_their_claim()
    {
        await using var app = new FalloutApp(api.ConnectionString);
        var request = new System.Text.Json.Nodes.JsonObject
        {
            ["sub"] = "order-orchestrator", ["roles"] = new System.Text.Json.Nodes.JsonArray("fallout.operator"), ["orchestrates"] = true,
        };
        await (await app.CreateClient().PostJsonAsync("/dev/tokens", request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        request["roles"] = new System.Text.Json.Nodes.JsonArray("fallout.source");
        var minted = await (await app.CreateClient().PostJsonAsync("/dev/tokens", request)).ExpectAsync(HttpStatusCode.OK);
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken((string)minted["accessToken"]!);
        Assert.True(jwt.GetClaim("orchestrates").Value is "true" or "True");
        request.Remove("orchestrates");
        var plain = await (await app.CreateClient().PostJsonAsync("/dev/tokens", request)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken((string)plain["accessToken"]!).TryGetClaim("orchestrates", out _));
    }
}

public sealed class ProductionAuthenticationTests
{
    [Fact]
    public async Task Development_tokens_do_not_exist_outside_development()
    {
        await using var database = await TestDatabase.OwnAsync();
        await using var app = new ProductionApp(database.ConnectionString);

        var response = await app.CreateClient().PostJsonAsync("/dev/tokens", new System.Text.Json.Nodes.JsonObject { ["sub"] = "x" });

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
    }

    [Theory]
    [InlineData(AuthSetup.DevelopmentSigningKey)]
    [InlineData(AuthSetup.ComposeSigningKey)]
    public async Task The_development_signing_keys_are_refused_outside_development(string key)
    {
        await using var database = await TestDatabase.OwnAsync();
        await using var app = new ProductionApp(database.ConnectionString, key);

        var error = Record.Exception(() => app.Server);

        Assert.NotNull(error);
        Assert.Contains("development signing key", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private sealed class ProductionApp(string connectionString, string signingKey = TestTokens.SigningKey)
        : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Fallout", connectionString);
            builder.UseSetting("Auth:Issuer", TestTokens.Issuer);
            builder.UseSetting("Auth:Audience", TestTokens.Audience);
            builder.UseSetting("Auth:SigningKey", signingKey);
        }
    }
}
