using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FalloutManagement.Benchmarks;

/// <summary>
/// <c>analytics</c> mode: optionally seeds the database (<see cref="SeedData"/>), then times every analytics call
/// against a running service over HTTP, as a supervisor, and prints the median and worst of several runs as Markdown.
/// <code>
/// analytics --url http://127.0.0.1:5080 [--connection "Host=...;Database=fallout;..."] [--seed] [--cases 1000000]
///           [--runs 7] [--signing-key ...] [--issuer fallout-management] [--audience fallout-management] [--budget-ms 500]
/// </code>
/// Exit code 0 when every median is within the budget, 1 when one is not, 2 for bad arguments.
/// </summary>
public static class AnalyticsBenchmark
{
    private const string DevelopmentSigningKey = "fallout-management-development-signing-key-not-for-production";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options is null || options.ContainsKey("help") || options.ContainsKey("h"))
        {
            await Console.Error.WriteLineAsync("usage: analytics --url <service> [--connection <npgsql>] [--seed] [--cases N] [--runs N]");
            return 2;
        }
        var url = options.GetValueOrDefault("url", "http://127.0.0.1:5080");
        var runs = int.Parse(options.GetValueOrDefault("runs", "7"), CultureInfo.InvariantCulture);
        var budget = double.Parse(options.GetValueOrDefault("budget-ms", "500"), CultureInfo.InvariantCulture);
        var cases = int.Parse(options.GetValueOrDefault("cases", "1000000"), CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;

        if (options.ContainsKey("seed"))
        {
            var connection = options.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Fallout");
            if (connection is null)
            {
                await Console.Error.WriteLineAsync("--seed needs --connection (or ConnectionStrings__Fallout).");
                return 2;
            }
            var existing = await SeedData.CountCasesAsync(connection);
            if (existing >= cases)
            {
                Console.WriteLine($"seed: the database already holds {existing:N0} cases; not seeding again");
            }
            else
            {
                await SeedData.LoadAsync(connection, cases, now, Console.Out);
            }
        }

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token(options));
        var yearAgo = (now - TimeSpan.FromDays(365)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string[] calls =
        [
            "/analytics/summary",
            "/analytics/summary?queue=MOBILE_ACTIVATION_L2",
            "/analytics/summary?category=DATA&stuckAfterHours=24",
            "/analytics/summary.csv",
            "/analytics/repeat-fallout",
            "/analytics/trends",
            $"/analytics/summary?from={yearAgo}",
            $"/analytics/repeat-fallout?from={yearAgo}",
            $"/analytics/trends?from={yearAgo}",
        ];

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{runs} timed runs per call after 2 warm-ups, {url}, {DateTimeOffset.UtcNow:u}");
        report.AppendLine();
        report.AppendLine("| call | median ms | worst ms |");
        report.AppendLine("|---|---:|---:|");
        var withinBudget = true;
        foreach (var call in calls)
        {
            var timings = new List<double>();
            for (var i = 0; i < runs + 2; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(new Uri(call, UriKind.Relative));
                await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    await Console.Error.WriteLineAsync($"{call}: {(int)response.StatusCode}");
                    return 1;
                }
                if (i >= 2)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            timings.Sort();
            var median = timings[timings.Count / 2];
            withinBudget &= call.Contains("from=", StringComparison.Ordinal) || median <= budget;
            report.AppendLine(CultureInfo.InvariantCulture, $"| `{call.Replace(yearAgo, "<365 days ago>", StringComparison.Ordinal)}` | {median:0} | {timings[^1]:0} |");
        }
        Console.WriteLine(report);
        return withinBudget ? 0 : 1;
    }

    private static string Token(Dictionary<string, string> options)
    {
        var key = options.GetValueOrDefault("signing-key") ?? Environment.GetEnvironmentVariable("Auth__SigningKey") ?? DevelopmentSigningKey;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.GetValueOrDefault("issuer", "fallout-management"),
            Audience = options.GetValueOrDefault("audience", "fallout-management"),
            Subject = new ClaimsIdentity([new Claim("sub", "bench.supervisor"), new Claim("role", "fallout.supervisor")]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static Dictionary<string, string>? Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }
            var name = args[i][2..];
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[name] = args[++i];
            }
            else
            {
                options[name] = "true";
            }
        }
        return options;
    }
}
