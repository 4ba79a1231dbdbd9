using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Protection;

/// <summary>
/// What Kestrel refuses before the service runs (docs/security.md, "Input hardening"): a request it cannot parse gets
/// its status with an empty body and the connection closed, never a 5xx, and is counted on <c>/metrics</c>; the same
/// NUL in a query value reaches the service and is its 400 problem. Raw bytes on a real Kestrel port: the in-memory
/// test server does not parse request lines.
/// </summary>
public sealed class ServerRefusalTests(KestrelHost host) : IClassFixture<KestrelHost>
{
    public static TheoryData<string, string, int> Unparsable => new()
    {
        { "a NUL in the path", "GET /fallout-cases/%00 HTTP/1.1\r\nHost: fallout\r\n\r\n", 400 },
        { "a request line beyond the server's limit (8 KB)", $"GET /fallout-cases/{new string('a', 10_000)} HTTP/1.1\r\nHost: fallout\r\n\r\n", 414 },
        { "headers beyond the server's limit (32 KB)", $"GET /health HTTP/1.1\r\nHost: fallout\r\nX-Big: {new string('b', 40_000)}\r\n\r\n", 431 },
        { "a header line without a colon", "GET /health HTTP/1.1\r\nHost: fallout\r\nNot a header\r\n\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(Unparsable))]
    public async Task What_the_server_cannot_parse_gets_its_status_an_empty_body_and_a_closed_connection(string what, string request, int status)
    {
        var answer = await SendRawAsync(request);

        Assert.True(answer.StartsWith($"HTTP/1.1 {status} ", StringComparison.Ordinal), $"{what}: {answer}");
        Assert.Contains("Content-Length: 0\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_in_a_query_value_reaches_the_service_and_is_its_problem_naming_the_parameter()
    {
        var token = TestTokens.Mint("sam.supervisor", [Roles.Supervisor]);

        var answer = await SendRawAsync($"GET /fallout-cases?status=%00 HTTP/1.1\r\nHost: fallout\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n");

        Assert.True(answer.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), answer);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"VALIDATION_FAILED\"", answer, StringComparison.Ordinal);
        Assert.Contains("\"status\":[", answer, StringComparison.Ordinal);
    }

    private Task<string> SendRawAsync(string request) => SendRawAsync(host, request);

    /// <summary>Writes <paramref name="request"/> as it is and reads until the server closes the connection.</summary>
    internal static async Task<string> SendRawAsync(KestrelHost host, string request)
    {
        var address = host.BaseAddress;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        return Encoding.UTF8.GetString(answer.ToArray());
    }
}

/// <summary>
/// The refusal counted on <c>/metrics</c>, in a collection that runs alone, after the parallel ones: with other real
/// Kestrel hosts alive in the test process (the console's, the load generator's), this host's scrape once showed no
/// invalid request line at all (a full run on 2026-12-07; alone it always passes). In production one process has one
/// host.
/// </summary>
[Collection(nameof(KestrelMetricsCollection))]
public sealed partial class ServerRefusalMetricsTests(KestrelHost host) : IClassFixture<KestrelHost>
{
    [Fact]
    public async Task A_nul_in_the_path_is_counted_as_an_invalid_request_line()
    {
        var admin = host.App.As("adm.admin", [Roles.Admin]);
        var before = InvalidRequestLines(await admin.GetStringAsync("/metrics"));

        await ServerRefusalTests.SendRawAsync(host, "GET /fallout-cases/%00 HTTP/1.1\r\nHost: fallout\r\n\r\n");

        // Kestrel records a connection's duration when it has closed it: the count may follow the answer by a moment.
        var after = before;
        for (var attempt = 0; attempt < 50 && after == before; attempt++)
        {
            await Task.Delay(100);
            after = InvalidRequestLines(await admin.GetStringAsync("/metrics"));
        }
        Assert.True(after > before, $"invalid request lines counted before {before}, after {after}");
    }

    /// <summary>Connections Kestrel closed for an invalid request line, as <c>/metrics</c> counts them (0 before the first).</summary>
    private static double InvalidRequestLines(string metrics) =>
        Sample().Matches(metrics).Where(m => m.Groups["labels"].Value.Contains("error_type=\"invalid_request_line\"", StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^kestrel_connection_duration_seconds_count\{(?<labels>[^}]*)\} (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}

[CollectionDefinition(nameof(KestrelMetricsCollection), DisableParallelization = true)]
public sealed class KestrelMetricsCollection;
