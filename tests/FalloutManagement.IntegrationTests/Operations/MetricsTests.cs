using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Operations;

public sealed class MetricsFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Metrics:GaugeCacheSeconds"] = "0" };
}

/// <summary>
/// <c>/metrics</c> in Prometheus text format (docs/operations.md, Metrics): runtime, HTTP and database metrics and the
/// domain instruments with values after some work; only admins and auditors may scrape unless configured open.
/// </summary>
public sealed partial class MetricsTests(MetricsFixture api) : IClassFixture<MetricsFixture>
{
    [Fact]
    public async Task A_scrape_after_some_work_shows_the_domain_instruments_with_values()
    {
        var source = Http.Unique("src");
        var client = api.App.As(source, [Roles.Source]);
        for (var i = 0; i < 3; i++)
        {
            await (await client.PostJsonAsync("/fallout-cases", Http.Fallout(b => b["sourceSystem"] = source))).ExpectAsync(HttpStatusCode.Created);
        }

        var text = await ScrapeAsync(api.Admin());

        Assert.Equal(3, Value(text, "fallout_cases_opened_total", $"source=\"{source}\""));
        Assert.True(Value(text, "fallout_cases_open", "state=\"QUEUED\"") >= 3, text);
        Assert.True(Value(text, "fallout_approvals_pending") >= 0);
        // Every clock kind has a series, 0 when nothing is at risk (absent would read as "no data").
        Assert.True(Value(text, "fallout_sla_clocks_at_risk", "clock=\"CUSTOMER_PROMISE\"") >= 0);
        Assert.True(Value(text, "fallout_hub_dead_letters") >= 0);
        Assert.True(Value(text, "fallout_outbox_lag_seconds") >= 0);
        Assert.True(Value(text, "fallout_recovery_remaining") >= 0);
        // The three intakes were written by group commit: at least three saves in at least one group.
        Assert.True(Value(text, "fallout_persistence_group_commit_saves_sum") >= 3, text);
        Assert.True(Value(text, "fallout_persistence_group_commit_saves_count") >= 1, text);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", text, StringComparison.Ordinal);
        Assert.Contains("db_client_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_admins_and_auditors_may_scrape()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.App.CreateClient().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Source().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Auditor().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_allow_anonymous_opens_the_scrape()
    {
        await using var open = new FalloutApp(api.ConnectionString, settings: new Dictionary<string, string?> { ["Metrics:AllowAnonymous"] = "true" });

        Assert.Equal(HttpStatusCode.OK, (await open.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task The_outbox_lag_counts_events_the_relay_has_not_fanned_out_yet()
    {
        var clock = FalloutApp.FakeClock();
        await using var database = await TestDatabase.OwnAsync();
        await using var app = new FalloutApp(database.ConnectionString, clock,
            new Dictionary<string, string?> { ["Hub:RelayEnabled"] = "false", ["Metrics:GaugeCacheSeconds"] = "0" });
        _ = app.Server;
        await Sql.ExecuteAsync(database.ConnectionString, """
            INSERT INTO hub_subscriptions (id, callback, secret, created_by, created_at, cursor_transaction_id, cursor_position)
            VALUES (gen_random_uuid(), 'https://subscriber.example/events', 'subscriber-shared-secret-0123456789', 'test', now(), 0, 0)
            """);
        await (await app.As("activation-service", [Roles.Source]).PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);

        clock.Advance(TimeSpan.FromMinutes(5));

        // The relay is stopped: no delivery row exists, and the events wait past the subscription's cursor all the same.
        // Read from this host's gauges: in a test process other hosts publish a meter of the same name, and the
        // scrape may show theirs (in production one process has one host).
        var gauges = app.Services.GetRequiredService<FalloutManagement.Api.Common.Observability.DomainGauges>();
        Assert.True(gauges.Read().LagSeconds >= 300, $"lag {gauges.Read().LagSeconds} s");
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain <paramref name="label"/>; fails when there is none.</summary>
    private static double Value(string text, string name, string label = "")
    {
        var samples = Sample().Matches(text).Where(m => m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)).ToList();
        Assert.True(samples.Count > 0, $"no sample of {name}{{{label}}} in:\n{text}");
        return samples.Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN)(?: \d+)?$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
