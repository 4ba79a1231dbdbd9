using System.Net;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;
using Serilog.Events;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>
/// A database that does not answer (nothing listens on its port): requests are 503 <c>SERVICE_UNAVAILABLE</c> with
/// <c>Retry-After</c> and one log line each, readiness fails, liveness does not.
/// </summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public async Task Requests_are_503_with_retry_after_and_one_log_line_readiness_fails_liveness_holds()
    {
        var capture = new LogCapture();
        var nowhere = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = StoppableCluster.FreePort(), Database = "fallout", Username = "postgres", Timeout = 3,
        }.ConnectionString;
        await using var service = new FalloutApp(nowhere, settings: new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        await using var app = capture.Attach(service);
        var source = LogCapture.Client(app, TestTokens.Mint("activation-service", [Roles.Source]));
        var supervisor = LogCapture.Client(app, TestTokens.Mint("sam.supervisor", [Roles.Supervisor]));

        var intake = await source.PostJsonAsync("/fallout-cases", Http.Fallout());
        var read = await supervisor.GetAsync($"/fallout-cases/{Guid.NewGuid()}");
        var ready = await app.CreateClient().GetAsync("/health/ready");
        var live = await app.CreateClient().GetAsync("/health/live");
        // The scrape goes on while the database is down: it needs no break-glass lookup.
        var metrics = await LogCapture.Client(app, TestTokens.Mint("aud.auditor", [Roles.Auditor])).GetAsync("/metrics");

        foreach (var response in new[] { intake, read })
        {
            await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(metrics.StatusCode == HttpStatusCode.OK, await metrics.Content.ReadAsStringAsync());
        Assert.Contains("fallout_", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var line in capture.RequestLines("/fallout-cases"))
        {
            Assert.Equal(503, LogCapture.Status(line));
            var logged = capture.Events.Where(e => e.TraceId == line.TraceId && e.Level >= LogEventLevel.Error).ToList();
            Assert.True(logged.Count == 1, string.Join("\n", logged.Select(e => $"{e.Level} {e.Properties.GetValueOrDefault("SourceContext")} {e.RenderMessage()}")));
        }
    }
}
