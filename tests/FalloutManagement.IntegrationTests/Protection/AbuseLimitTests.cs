using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Events.Hub;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Protection;

/// <summary>Tiny limits, so a test can reach them: five requests per person at once, three failed authentications per address.</summary>
public sealed class RateLimitFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:People:TokenLimit"] = "5",
        ["RateLimits:People:TokensPerSecond"] = "1",
        ["RateLimits:FailedAuthenticationPermitLimit"] = "3",
        ["RateLimits:FailedAuthenticationWindowSeconds"] = "60",
    };
}

public sealed class RateLimitTests(RateLimitFixture api) : IClassFixture<RateLimitFixture>
{
    private static async Task ExpectRateLimitedAsync(HttpResponseMessage response)
    {
        await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(int.TryParse(response.Headers.RetryAfter?.ToString(), out var seconds) && seconds >= 1,
            $"Retry-After: {response.Headers.RetryAfter}");
    }

    [Fact]
    public async Task A_person_past_their_budget_gets_429_with_retry_after_and_others_are_not_affected()
    {
        var greedy = api.Auditor("greedy.auditor");
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => greedy.GetAsync("/fallout-cases")));
        var seconds = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);

        // The bucket holds 5 and refills 1 a second: 5 pass at once, at most one more for each second the 30
        // requests took to arrive (a loaded machine spreads them over seconds), and every other one is refused.
        var passed = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.InRange(passed, 5, 5 + seconds);
        Assert.Equal(answers.Length - passed, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        await ExpectRateLimitedAsync(answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        await (await api.Auditor("patient.auditor").GetAsync("/fallout-cases")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Failed_authentication_past_its_budget_gets_429_while_valid_tokens_still_work()
    {
        var forged = api.App.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Mint("mallory", [Roles.Supervisor], signingKey: "another-key-that-is-long-enough-0123456789"));

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await forged.GetAsync("/fallout-cases"));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        await ExpectRateLimitedAsync(answers[4]);
        await (await api.Supervisor("honest.supervisor").GetAsync("/fallout-cases")).ExpectAsync(HttpStatusCode.OK);
    }
}

/// <summary>Three evidence items or 1000 content bytes per case.</summary>
public sealed class EvidenceQuotaFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Evidence:MaxItemsPerCase"] = "3",
        ["Evidence:MaxBytesPerCase"] = "1000",
    };
}

public sealed class EvidenceQuotaTests(EvidenceQuotaFixture api) : IClassFixture<EvidenceQuotaFixture>
{
    [Fact]
    public async Task A_case_takes_no_more_evidence_items_than_its_quota()
    {
        var worker = api.Operator("quota.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);
        var version = started.Version();
        for (var i = 0; i < 3; i++)
        {
            (_, version) = await CaseFlow.AttachAsync(worker, started.Id(), CaseFlow.Evidence("SCREENSHOT", provesResolution: false), version);
        }

        var fourth = await worker.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", CaseFlow.Evidence("SCREENSHOT", false), version);

        await fourth.ExpectProblemAsync(HttpStatusCode.Conflict, "EVIDENCE_QUOTA_EXCEEDED");
        Assert.Equal(3, await Sql.CountAsync(api.ConnectionString, "evidence_items", "case_id = @id", ("id", started.Id())));
        Assert.Equal(version, await CaseFlow.VersionAsync(worker, started.Id()));
    }

    [Fact]
    public async Task A_case_takes_no_more_evidence_bytes_than_its_quota()
    {
        var worker = api.Operator("bytes.operator", CaseFlow.ActivationQueue);
        var started = await CaseFlow.InProgressAsync(api, worker);
        var (_, version) = await CaseFlow.AttachAsync(worker, started.Id(), CaseFlow.Evidence("DOCUMENT", false, new string('a', 600)), started.Version());

        var over = await worker.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", CaseFlow.Evidence("DOCUMENT", false, new string('b', 401)), version);

        await over.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "EVIDENCE_QUOTA_EXCEEDED");
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "evidence_items", "case_id = @id", ("id", started.Id())));
        await CaseFlow.AttachAsync(worker, started.Id(), CaseFlow.Evidence("DOCUMENT", false, new string('c', 400)), version);
    }
}

/// <summary>No allow-list: callbacks must resolve to public addresses only.</summary>
public sealed class HubCallbackTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Secret = "subscriber-shared-secret-0123456789";

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://2130706433/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.20.0.5/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://224.0.0.1/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/hook")]
    [InlineData("http://[2002:a9fe:a9fe::1]/hook")]
    public async Task Callbacks_to_internal_addresses_are_refused(string callback)
    {
        var response = await api.Source().PostJsonAsync("/hub", new JsonObject { ["callback"] = callback, ["secret"] = Secret });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotNull(problem["errors"]?["callback"]);
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "hub_subscriptions", "callback = @c", ("c", new Uri(callback).AbsoluteUri)));
    }

    /// <summary>Answers a public address at registration, then loopback: what a hostile DNS server does to slip past a one-time check.</summary>
    private sealed class RebindingResolver : CallbackHostResolver
    {
        private int _calls;

        public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
            Task.FromResult(Interlocked.Increment(ref _calls) == 1 ? new[] { IPAddress.Parse("93.184.216.34") } : [IPAddress.Loopback]);
    }

    [Fact]
    public async Task A_callback_host_that_resolves_inside_at_delivery_is_not_called()
    {
        await using var listener = await Events.CallbackListener.StartAsync();
        var port = new Uri(listener.BaseUrl).Port;
        await using var app = api.App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<CallbackHostResolver>(new RebindingResolver())));
        var source = app.CreateClient();
        source.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint("rebind-source", [Roles.Source]));
        var subscription = (await (await source.PostJsonAsync("/hub", new JsonObject { ["callback"] = $"http://rebind.example:{port}/hook", ["secret"] = Secret }))
            .ExpectAsync(HttpStatusCode.Created)).Id();
        await (await source.PostJsonAsync("/fallout-cases", Http.Fallout(b => b["sourceSystem"] = "rebind-source"))).ExpectAsync(HttpStatusCode.Created);

        await Events.Feed.SettledAsync(api.ConnectionString);
        var round = await app.Services.GetRequiredService<HubRelay>().RelayOnceAsync();

        Assert.True(round.Attempted > 0);
        Assert.Equal(0, round.Delivered);
        Assert.Empty(listener.Calls);
        Assert.Contains("not public", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT coalesce(string_agg(last_error, ' | '), '') FROM hub_deliveries WHERE subscription_id = @id", ("id", subscription)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://93.184.216.34/hook")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hook")]
    public async Task Callbacks_to_public_addresses_are_accepted(string callback)
    {
        await (await api.Source().PostJsonAsync("/hub", new JsonObject { ["callback"] = callback, ["secret"] = Secret }))
            .ExpectAsync(HttpStatusCode.Created);
    }
}

/// <summary>An allow-list of one partner host.</summary>
public sealed class HubAllowListFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hub:AllowedCallbackHosts:0"] = "hooks.partner.example",
        ["Hub:AllowedCallbackHosts:1"] = "*.orchestrator.example",
    };
}

public sealed class HubAllowListTests(HubAllowListFixture api) : IClassFixture<HubAllowListFixture>
{
    private const string Secret = "subscriber-shared-secret-0123456789";

    [Theory]
    [InlineData("http://hooks.partner.example/hook", HttpStatusCode.Created)]
    [InlineData("https://eu.orchestrator.example:8443/events", HttpStatusCode.Created)]
    [InlineData("http://93.184.216.34/hook", HttpStatusCode.BadRequest)]
    [InlineData("http://evil.example/hook", HttpStatusCode.BadRequest)]
    [InlineData("http://hooks.partner.example.evil.example/hook", HttpStatusCode.BadRequest)]
    [InlineData("http://orchestrator.example.evil/hook", HttpStatusCode.BadRequest)]
    public async Task Only_the_listed_hosts_may_be_called_back(string callback, HttpStatusCode status)
    {
        var response = await api.Source().PostJsonAsync("/hub", new JsonObject { ["callback"] = callback, ["secret"] = Secret });

        await response.ExpectAsync(status);
    }
}
