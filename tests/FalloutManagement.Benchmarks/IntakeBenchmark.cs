using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;

namespace FalloutManagement.Benchmarks;

/// <summary>
/// <c>intake</c>: drives <c>POST /fallout-cases</c> with a fixed number of concurrent clients and reports throughput,
/// exact latency percentiles, status counts and, given a connection string, whether deduplication held.
/// </summary>
public static class IntakeBenchmark
{
    private const string Usage = """
        Usage: FalloutManagement.Benchmarks intake [options]

          --url URL                 the running service (default http://127.0.0.1:5080)
          --concurrency N           concurrent clients, one connection each (default 16)
          --duration SECONDS        measured time (default 30 unless --requests is given)
          --requests N              stop after N measured requests (with --duration: whichever comes first)
          --warmup SECONDS          unmeasured load before measuring (default 5)
          --duplicate-ratio R       0..1, share of requests that replay an earlier event or report another
                                    event on an already-open step (half each; default 0)
          --signing-key KEY         HS256 key for the bearer token (default: the Development key)
          --connection-string CS    the service's database: count cases and occurrences afterwards
          --source-system NAME      sourceSystem of every request (default bench-<time>; isolates runs)
          --pool N                  bodies generated up front (default 200000, or requests + 50000)
          --seed N                  random seed of the duplicate mix (default 42)
          --timeout SECONDS         per-request timeout (default 30; raw client: per send and per receive)
          --client raw|httpclient   how requests are sent: raw (default) writes HTTP/1.1 on one blocking socket per
                                    client (RawHttpConnection, as pgbench's clients); httpclient uses
                                    .NET's HttpClient (what the runs before 2026-12-07 14:00 UTC used)
          --latency-log FILE        write every measured request as "<ms since measuring began> <latency ms> <status>",
                                    in the order they started (to see when the slow ones happen)

        The last line is machine-readable: RESULT mode=intake rps=... p50_ms=... p95_ms=... p99_ms=... max_ms=...
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
        var concurrency = a.Int("concurrency") ?? 16;
        var requests = a.Int("requests");
        var duration = a.Double("duration") ?? (requests is null ? 30 : null);
        var warmup = a.Double("warmup") ?? 5;
        var duplicateRatio = a.Double("duplicate-ratio") ?? 0;
        var signingKey = a.String("signing-key", BenchToken.DevelopmentSigningKey);
        var connectionString = a.String("connection-string");
        var sourceSystem = a.String("source-system",
            $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}-{Random.Shared.Next(1000, 9999)}");
        var pool = a.Int("pool") ?? (requests is { } r ? r + 50_000 : 200_000);
        var seed = a.Int("seed") ?? 42;
        var timeout = a.Double("timeout") ?? 30;
        var client = ClientOf(a);
        var latencyLog = a.String("latency-log");
        a.EnsureAllUsed();
        if (concurrency < 1 || pool < 1 || warmup < 0 || timeout <= 0 || duration <= 0 || requests < 1
            || duplicateRatio is < 0 or > 1)
        {
            throw new BenchArgsException("Out of range: --concurrency, --pool, --requests >= 1; --duration, --timeout > 0; "
                + "--warmup >= 0; --duplicate-ratio in 0..1.");
        }

        Console.WriteLine($"intake benchmark -> {url}  clients={concurrency}  warmup={warmup}s  "
            + $"{(duration is { } d ? $"duration={d}s  " : "")}{(requests is { } n ? $"requests={n}  " : "")}"
            + $"duplicate-ratio={duplicateRatio}  sourceSystem={sourceSystem}");
        var plan = new IntakePlan(sourceSystem, pool, duplicateRatio, lag: 4 * concurrency, seed);
        return await DriveAsync("intake", url, plan, new Load(concurrency, warmup, duration, requests, timeout, client), signingKey, sourceSystem,
            connectionString, latencyLog);
    }

    /// <summary>
    /// How the clients drive the service: how many, for how long or how many requests, the per-request timeout and
    /// whether they send with <see cref="RawHttpConnection"/> (one each) or a shared <see cref="HttpClient"/>.
    /// </summary>
    public sealed record Load(int Concurrency, double Warmup, double? Duration, int? Requests, double TimeoutSeconds, bool Raw);

    /// <summary>The <c>--client</c> option: true for <c>raw</c> (the default), false for <c>httpclient</c>.</summary>
    public static bool ClientOf(BenchArgs a) => a.String("client", "raw") switch
    {
        "raw" => true,
        "httpclient" => false,
        var other => throw new BenchArgsException($"--client is raw or httpclient, not {other}."),
    };

    /// <summary>Sends <paramref name="plan"/>'s bodies as <paramref name="load"/> says and prints the report; the exit code.</summary>
    public static async Task<int> DriveAsync(string mode, Uri url, IntakePlan plan, Load load, string signingKey, string sourceSystem,
        string? connectionString, string? latencyLog = null)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = load.Concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(load.TimeoutSeconds) };
        var token = BenchToken.Mint(signingKey, sourceSystem, ["fallout.source"]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await EnsureReadyAsync(client);

        Func<RawHttpConnection>? raw = load.Raw
            ? () => new RawHttpConnection(url, "/fallout-cases", IntakePlan.ContentType, token, TimeSpan.FromSeconds(load.TimeoutSeconds))
            : null;
        var run = new Run(plan, client, raw, load.Concurrency, load.Warmup, load.Duration, load.Requests);
        await run.ExecuteAsync();
        if (latencyLog is not null)
        {
            await run.WriteLatencyLogAsync(latencyLog);
        }
        return await ReportAsync(mode, run, plan, sourceSystem, connectionString);
    }

    private static async Task EnsureReadyAsync(HttpClient client)
    {
        try
        {
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (!ready.IsSuccessStatusCode)
            {
                throw new BenchArgsException($"The service at {client.BaseAddress} is not ready: GET /health/ready -> {(int)ready.StatusCode}.");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new BenchArgsException($"The service at {client.BaseAddress} does not answer: {ex.Message}");
        }
    }

    private static async Task<int> ReportAsync(string mode, Run run, IntakePlan plan, string sourceSystem, string? connectionString)
    {
        var latency = new LatencyStats(run.Workers.SelectMany(w => w.Latencies));
        var statuses = run.Workers.SelectMany(w => w.Statuses)
            .GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        var created = statuses.GetValueOrDefault(201);
        var ok = statuses.GetValueOrDefault(200);
        var errors = latency.Count - created - ok;
        var seconds = run.MeasuredSeconds;
        var rps = seconds > 0 ? latency.Count / seconds : 0;
        var s = CultureInfo.InvariantCulture;

        Console.WriteLine(string.Create(s, $"requests:   {latency.Count} measured in {seconds:F1} s -> {rps:F1} req/s"));
        Console.WriteLine(string.Create(s,
            $"latency ms: mean {latency.MeanMs:F2}  p50 {latency.PercentileMs(50):F2}  p95 {latency.PercentileMs(95):F2}  p99 {latency.PercentileMs(99):F2}  max {latency.MaxMs:F2}"));
        var others = string.Join(" ", statuses.Where(kv => kv.Key is not (200 or 201)).OrderBy(kv => kv.Key)
            .Select(kv => $"{(kv.Key < 0 ? "transport" : kv.Key.ToString(s))}={kv.Value}"));
        Console.WriteLine($"status:     201={created}  200={ok}  other={(others.Length == 0 ? "0" : others)}  errors={errors}");
        foreach (var sample in run.ErrorSamples.Take(Run.MaxErrorSamples))
        {
            Console.WriteLine($"  error sample: {sample}");
        }
        var (fresh, replay, openStep) = plan.Mix(run.Sent);
        Console.WriteLine($"sent:       {run.Sent} incl. warm-up: new={fresh}  replays={replay}  open-step duplicates={openStep}");

        var verdict = "";
        long? cases = null;
        if (connectionString is not null)
        {
            var counts = await CountAsync(connectionString, sourceSystem);
            cases = counts.Cases;
            var held = counts.Cases == fresh && counts.Occurrences == fresh + openStep;
            verdict = held ? "held" : "BROKEN";
            Console.WriteLine($"database:   cases={counts.Cases} (expected {fresh})  occurrences={counts.Occurrences} (expected {fresh + openStep})  "
                + $"audit={counts.Audit}  outbox={counts.Outbox}  -> dedup {verdict}"
                + (held || run.TransportErrors == 0 ? "" : " (transport errors leave the expected counts uncertain)"));
        }

        Console.WriteLine(string.Create(s,
            $"RESULT mode={mode} clients={run.Concurrency} requests={latency.Count} seconds={seconds:F2} rps={rps:F1} p50_ms={latency.PercentileMs(50):F2} p95_ms={latency.PercentileMs(95):F2} p99_ms={latency.PercentileMs(99):F2} max_ms={latency.MaxMs:F2} created={created} ok={ok} errors={errors} cases={cases?.ToString(s) ?? "-"} expected_cases={fresh} dedup={(verdict.Length == 0 ? "-" : verdict)}"));
        return latency.Count == 0 || verdict == "BROKEN" || (mode == "storm" && errors > 0) ? 1 : 0;
    }

    private static async Task<(long Cases, long Occurrences, long Audit, long Outbox)> CountAsync(string connectionString, string sourceSystem)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var command = data.CreateCommand("""
            SELECT (SELECT count(*) FROM fallout_cases WHERE source_system = $1),
                   (SELECT count(*) FROM fallout_occurrences WHERE source_system = $1),
                   (SELECT count(*) FROM audit_entries a JOIN fallout_cases c ON c.id = a.case_id WHERE c.source_system = $1),
                   (SELECT count(*) FROM outbox_events o JOIN fallout_cases c ON c.id = o.case_id WHERE c.source_system = $1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sourceSystem });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>One measured run: the clients, the clock and what they recorded.</summary>
    private sealed class Run(IntakePlan plan, HttpClient client, Func<RawHttpConnection>? raw, int concurrency, double warmup, double? duration, int? requests)
    {
        private static readonly MediaTypeHeaderValue Json = new(IntakePlan.ContentType);
        private long _next = -1;
        private long _measuredStarted;
        private long _measureFrom;
        private long _stopAt;

        public int Concurrency => concurrency;

        public IReadOnlyList<Worker> Workers { get; } = [.. Enumerable.Range(0, concurrency).Select(_ => new Worker())];

        public const int MaxErrorSamples = 5;

        /// <summary>The first few answers other than 200 or 201 (status and body) and transport failures, for the report.</summary>
        public ConcurrentQueue<string> ErrorSamples { get; } = new();

        /// <summary>Whether another error sample is still wanted (concurrent clients may add a few more; the report prints the first).</summary>
        private bool WantsSample => ErrorSamples.Count < MaxErrorSamples;

        private void Sample(string text)
        {
            if (WantsSample)
            {
                ErrorSamples.Enqueue(text);
            }
        }

        /// <summary>Requests sent, warm-up included: the first <c>Sent</c> bodies of the plan.</summary>
        public long Sent => Interlocked.Read(ref _next) + 1;

        public long TransportErrors => Workers.Sum(w => w.Statuses.GetValueOrDefault(-1));

        public double MeasuredSeconds
        {
            get
            {
                var end = Workers.Max(w => w.LastEnd);
                return end > _measureFrom ? LatencyStats.ToMs(end - _measureFrom) / 1000 : 0;
            }
        }

        /// <summary>Every measured request, in the order they started: ms since measuring began, latency ms, status.</summary>
        public async Task WriteLatencyLogAsync(string path)
        {
            var rows = Workers.SelectMany(w => w.Starts.Select((start, i) => (Start: start, Latency: w.Latencies[i], Status: w.StatusesInOrder[i])))
                .OrderBy(r => r.Start);
            await using var file = new StreamWriter(path);
            foreach (var (start, latency, status) in rows)
            {
                await file.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{LatencyStats.ToMs(start - _measureFrom):F3} {LatencyStats.ToMs(latency):F3} {status}"));
            }
        }

        public async Task ExecuteAsync()
        {
            var start = Stopwatch.GetTimestamp();
            _measureFrom = start + (long)(warmup * Stopwatch.Frequency);
            _stopAt = duration is { } d ? _measureFrom + (long)(d * Stopwatch.Frequency) : long.MaxValue;
            if (raw is null)
            {
                await Task.WhenAll(Workers.Select(w => Task.Run(() => DriveAsync(w, null))));
                return;
            }
            // Raw connections block: one thread each, as pgbench's clients (DriveAsync never suspends for them).
            var threads = Workers.Select(w => new Thread(() =>
            {
                using var connection = raw();
                DriveAsync(w, connection).GetAwaiter().GetResult();
            }) { IsBackground = true, Name = "raw-client" }).ToList();
            threads.ForEach(t => t.Start());
            await Task.Run(() => threads.ForEach(t => t.Join()));
        }

        private async Task DriveAsync(Worker worker, RawHttpConnection? connection)
        {
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= _stopAt)
                {
                    return;
                }
                var measured = started >= _measureFrom;
                if (measured && requests is { } limit && Interlocked.Increment(ref _measuredStarted) > limit)
                {
                    return;
                }
                var index = Interlocked.Increment(ref _next);
                var body = plan.BodyAt(index);
                var status = connection is null ? await SendAsync(body) : SendRaw(connection, body);
                var ended = Stopwatch.GetTimestamp();
                if (measured)
                {
                    worker.Latencies.Add(ended - started);
                    worker.Starts.Add(started);
                    worker.StatusesInOrder.Add(status);
                    worker.Statuses[status] = worker.Statuses.GetValueOrDefault(status) + 1;
                    worker.LastEnd = ended;
                }
            }
        }

        /// <summary>As <see cref="SendAsync"/>, on the worker's own connection.</summary>
        private int SendRaw(RawHttpConnection connection, byte[] body)
        {
            var (status, text) = connection.Post(body, keepErrorBody: WantsSample);
            if (status is not (200 or 201))
            {
                Sample(status < 0 ? $"transport: {text}" : $"{status}: {text}");
            }
            return status;
        }

        /// <summary>Sends one body and reads the whole response; the status, or -1 when the request failed in transport.</summary>
        private async Task<int> SendAsync(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/fallout-cases") { Content = content };
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var status = (int)response.StatusCode;
                if (status is 200 or 201)
                {
                    await response.Content.CopyToAsync(Stream.Null);
                }
                else if (WantsSample)
                {
                    Sample($"{status}: {await response.Content.ReadAsStringAsync()}");
                }
                else
                {
                    await response.Content.CopyToAsync(Stream.Null);
                }
                return status;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Sample($"transport: {ex.GetType().Name}: {ex.Message}");
                return -1;
            }
        }
    }

    /// <summary>What one client recorded; only it writes here, so no locking.</summary>
    private sealed class Worker
    {
        public List<long> Latencies { get; } = new(64 * 1024);

        public List<long> Starts { get; } = new(64 * 1024);

        public List<int> StatusesInOrder { get; } = new(64 * 1024);

        public Dictionary<int, int> Statuses { get; } = [];

        public long LastEnd { get; set; }
    }
}
