namespace FalloutManagement.Benchmarks;

/// <summary>
/// <c>storm</c>: a vendor-outage storm against <c>POST /fallout-cases</c>. A fixed number of events, most of them
/// duplicates (replays of an event already sent and new events on a step that already has an open case, interleaved),
/// sent once each by many clients. Exactly one case per new event must exist afterwards, every non-replayed event
/// must be an occurrence, and no request may fail: the report says whether the database-decided dedup held.
/// </summary>
public static class StormBenchmark
{
    private const string Usage = """
        Usage: FalloutManagement.Benchmarks storm [options]

          --url URL                 the running service (default http://127.0.0.1:5080)
          --events N                events sent, each once (default 100000)
          --new N                   of which new events, each creating one case (default: a tenth of --events)
          --concurrency N           concurrent clients (default 32)
          --window N                a duplicate points at one of the last N new events (default 64: hot steps, races)
          --connection-string CS    the service's database: count cases and occurrences afterwards (needed for the verdict)
          --signing-key KEY         HS256 key for the bearer token (default: the Development key)
          --source-system NAME      sourceSystem of every request (default storm-<time>)
          --seed N                  random seed of the mix (default 42)
          --timeout SECONDS         per-request timeout (default 30; raw client: per send and per receive)
          --client raw|httpclient   how requests are sent (default raw; as in the intake mode)

        The last line is machine-readable: RESULT mode=storm rps=... p99_ms=... cases=... expected_cases=... dedup=held|BROKEN
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new BenchArgs(args);
        if (a.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var url = new Uri(a.String("url", "http://127.0.0.1:5080"));
        var events = a.Int("events") ?? 100_000;
        var fresh = a.Int("new") ?? events / 10;
        var concurrency = a.Int("concurrency") ?? 32;
        var window = a.Int("window") ?? 64;
        var connectionString = a.String("connection-string");
        var signingKey = a.String("signing-key", BenchToken.DevelopmentSigningKey);
        var sourceSystem = a.String("source-system", $"storm-{DateTime.UtcNow:yyyyMMddHHmmss}-{Random.Shared.Next(1000, 9999)}");
        var seed = a.Int("seed") ?? 42;
        var timeout = a.Double("timeout") ?? 30;
        var client = IntakeBenchmark.ClientOf(a);
        a.EnsureAllUsed();
        if (events < 1 || fresh < 1 || fresh > events || concurrency < 1 || window < 1 || timeout <= 0)
        {
            throw new BenchArgsException("Out of range: --events, --new, --concurrency, --window >= 1; --new <= --events; --timeout > 0.");
        }

        Console.WriteLine($"storm benchmark -> {url}  clients={concurrency}  events={events}  new={fresh}  window={window}  sourceSystem={sourceSystem}");
        var plan = IntakePlan.Storm(sourceSystem, events, fresh, window, seed);
        return await IntakeBenchmark.DriveAsync("storm", url, plan,
            new IntakeBenchmark.Load(concurrency, Warmup: 0, Duration: null, Requests: events, timeout, client), signingKey, sourceSystem, connectionString);
    }
}
