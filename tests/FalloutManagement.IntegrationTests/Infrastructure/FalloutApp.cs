using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>
/// One running instance of the service against a given database. Two of these on one database behave like two
/// service instances sharing it.
/// </summary>
public sealed class FalloutApp(string connectionString, TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Fallout", ConnectionString);
        builder.UseSetting("Auth:Issuer", TestTokens.Issuer);
        builder.UseSetting("Auth:Audience", TestTokens.Audience);
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Tests drive the hub relay themselves (HubRelay.RelayOnceAsync) unless their settings turn it on.
        builder.UseSetting("Hub:RelayEnabled", "false");
        // Tests drive the SLA sweep themselves (SlaSweeper.SweepOnceAsync) with the fake clock.
        builder.UseSetting("Sla:SweepIntervalSeconds", "0");
        // Tests drive the execution time-out sweep themselves (ExecutionTimeoutSweeper.SweepOnceAsync).
        builder.UseSetting("Corrections:ExecutionSweepIntervalSeconds", "0");
        // Tests fold the analytics rollup themselves (AnalyticsRollupFolder.FoldAllAsync).
        builder.UseSetting("Analytics:FoldIntervalSeconds", "0");
        // Tests write reference data behind the service's back and expect it at once; ReferenceDataCacheTests
        // run with the cache on.
        builder.UseSetting("ReferenceData:CacheSeconds", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            if (clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }
        });
    }

    /// <summary>An HTTP client that presents a token for <paramref name="sub"/> with these roles and queues.</summary>
    public HttpClient As(string sub, string[] roles, string[]? queues = null, bool mfa = false, string? executor = null,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Mint(sub, roles, queues, mfa, executor: executor, extraClaims: extraClaims));
        return client;
    }

    public static FakeTimeProvider FakeClock() => new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
}
