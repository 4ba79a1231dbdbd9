using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Npgsql;

namespace FalloutManagement.Benchmarks;

/// <summary>
/// <c>queues</c>: the reads and claims of people working large queues, over a seeded database (the analytics seed,
/// 1M cases): for every queue the first work-list page (50 cases) as an operator of that queue, with the queue filter
/// and with the queue and status filters; pull-next with concurrent pullers; and the case read. Exact percentiles
/// from outside, over HTTP. Pulled cases are handed back afterwards (SQL), so the seed can be reused. Before anything
/// is timed the database is read into the OS cache (pg_prewarm) and the client's own code is warmed up.
/// </summary>
public static class QueueBenchmark
{
    private const string Usage = """
        Usage: FalloutManagement.Benchmarks queues [options]

          --url URL                 the running service (default http://127.0.0.1:5080)
          --connection-string CS    the service's database (queue codes, sample case ids, handing pulled cases back)
          --requests N              timed requests per work-list page and for the case read (default 200)
          --warmup N                untimed requests before each (default 20)
          --pullers N               concurrent pullers (default 8)
          --pulls N                 pulls per puller (default 40), round robin over the queues
          --only PARTS              comma-separated: list, read, pull (default all three)
          --keep-pulled true        leave pulled cases assigned (default false: hand them back)
          --prewarm false           skip reading the database into the OS cache first (default true, pg_prewarm)
          --signing-key KEY         HS256 key for the bearer tokens (default: the Development key)
          --budget-list-ms X        p95 budget of a work-list page (default 10)
          --budget-pull-ms X        p95 budget of pull-next (default 20)
          --budget-read-ms X        p95 budget of the case read (default 5)

        Prints a Markdown table; exit code 1 when a p95 is over its budget.
        """;

    private const string PullerPrefix = "bench-puller-";

    /// <summary>Untimed requests before anything is measured, so the client's own code is compiled optimized.</summary>
    private const int ClientWarmup = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new BenchArgs(args);
        if (a.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var url = new Uri(a.String("url", "http://127.0.0.1:5080"));
        var connectionString = a.String("connection-string") ?? throw new BenchArgsException("--connection-string is required.");
        var requests = a.Int("requests") ?? 200;
        var warmup = a.Int("warmup") ?? 20;
        var pullers = a.Int("pullers") ?? 8;
        var pulls = a.Int("pulls") ?? 40;
        var keepPulled = a.String("keep-pulled") is "true" or "1";
        var prewarm = a.String("prewarm", "true") is "true" or "1";
        var only = a.String("only", "list,read,pull").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var key = a.String("signing-key", BenchToken.DevelopmentSigningKey);
        var listBudget = a.Double("budget-list-ms") ?? 10;
        var pullBudget = a.Double("budget-pull-ms") ?? 20;
        var readBudget = a.Double("budget-read-ms") ?? 5;
        a.EnsureAllUsed();
        if (requests < 1 || warmup < 0 || pullers < 1 || pulls < 1)
        {
            throw new BenchArgsException("Out of range: --requests, --pullers, --pulls >= 1; --warmup >= 0.");
        }

        await using var data = NpgsqlDataSource.Create(connectionString);
        if (prewarm)
        {
            await PrewarmAsync(data);
        }
        var queues = await QueuesAsync(data);
        var caseIds = await SampleCaseIdsAsync(data, requests + warmup);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = pullers + 1, UseCookies = false, UseProxy = false })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        };

        // The benchmark's own code warms up first: a fresh process runs its HTTP client unoptimized for its first
        // requests (tiered JIT, with the compiler's background threads on the same two cores), which showed as the
        // first page measured being over its budget in almost every pass.
        var supervisorToken = BenchToken.Mint(key, "bench-supervisor", ["fallout.supervisor"]);
        await TimeAsync(http, supervisorToken, 0, ClientWarmup, i => i % 2 == 0
            ? Get($"/fallout-cases/{caseIds[i / 2 % caseIds.Count]}")
            : Get($"/fallout-cases?queue={queues[i / 2 % queues.Count].Code}&limit=50"));

        var rows = new List<(string What, LatencyStats Stats, double Budget)>();
        foreach (var (queue, open, total) in only.Contains("list") ? queues : [])
        {
            var token = BenchToken.Mint(key, "bench-operator", ["fallout.operator"], [queue]);
            foreach (var filter in new[] { $"queue={queue}", $"queue={queue}&status=QUEUED" })
            {
                var stats = await TimeAsync(http, token, warmup, requests, _ => Get($"/fallout-cases?{filter}&limit=50"));
                rows.Add(($"work-list `?{filter}` ({total:N0} cases, {open:N0} open)", stats, listBudget));
            }
        }

        if (only.Contains("read"))
        {
            rows.Add(($"case read `GET /fallout-cases/{{id}}` ({caseIds.Count} random cases)",
                await TimeAsync(http, supervisorToken, warmup, requests, i => Get($"/fallout-cases/{caseIds[i % caseIds.Count]}")), readBudget));
        }
        if (only.Contains("pull"))
        {
            var pull = await PullAsync(http, key, [.. queues.Select(q => q.Code)], pullers, pulls);
            rows.Add(($"pull-next `POST /queues/{{code}}/next`, {pullers} concurrent pullers ({pull.Claimed} claimed, {pull.Empty} empty)",
                pull.Stats, pullBudget));
            if (!keepPulled)
            {
                await HandBackAsync(data);
            }
        }

        var s = CultureInfo.InvariantCulture;
        Console.WriteLine($"queues benchmark -> {url}  {DateTimeOffset.UtcNow:u}  requests={requests}  pullers={pullers}x{pulls}");
        Console.WriteLine();
        Console.WriteLine("| call | p50 ms | p95 ms | p99 ms | max ms | budget p95 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var within = true;
        foreach (var (what, stats, budget) in rows)
        {
            var p95 = stats.PercentileMs(95);
            within &= p95 <= budget && stats.Count > 0;
            Console.WriteLine(string.Create(s,
                $"| {what} | {stats.PercentileMs(50):F1} | {p95:F1} | {stats.PercentileMs(99):F1} | {stats.MaxMs:F1} | {budget:0}{(p95 <= budget ? "" : " **over**")} |"));
        }
        return within ? 0 : 1;
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, new Uri(path, UriKind.Relative));

    /// <summary>One client, <paramref name="warmup"/> untimed then <paramref name="count"/> timed requests; every answer must be 200.</summary>
    private static async Task<LatencyStats> TimeAsync(HttpClient http, string token, int warmup, int count, Func<int, HttpRequestMessage> make)
    {
        var ticks = new List<long>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            using var request = make(i);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            await response.Content.CopyToAsync(Stream.Null);
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{request.RequestUri}: {(int)response.StatusCode}");
            }
            if (i >= warmup)
            {
                ticks.Add(elapsed);
            }
        }
        return new LatencyStats(ticks);
    }

    private static async Task<(LatencyStats Stats, int Claimed, int Empty)> PullAsync(HttpClient http, string key, string[] queues, int pullers, int pulls)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, pullers).Select(p => Task.Run(async () =>
        {
            var token = BenchToken.Mint(key, PullerPrefix + p, ["fallout.operator"], queues);
            var ticks = new List<long>(pulls);
            int claimed = 0, empty = 0;
            for (var i = 0; i < pulls; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/queues/{queues[(p + i) % queues.Length]}/next", UriKind.Relative));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.CopyToAsync(Stream.Null);
                ticks.Add(Stopwatch.GetTimestamp() - started);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK: claimed++; break;
                    case HttpStatusCode.NoContent: empty++; break;
                    default: throw new InvalidOperationException($"{request.RequestUri}: {(int)response.StatusCode}");
                }
            }
            return (ticks, claimed, empty);
        })));
        return (new LatencyStats(results.SelectMany(r => r.ticks)), results.Sum(r => r.claimed), results.Sum(r => r.empty));
    }

    /// <summary>
    /// Reads every table and index of the database once into the operating system's cache (<c>pg_prewarm</c>, mode
    /// <c>read</c>), so the percentiles measure the service and not the disk: after the machine starts, the 1M-case
    /// seed (~5 GB) is on disk, and a random case read took 12 ms (p50) instead of 3, each page read from disk
    /// costing ~1.5 ms here. A database server of this size keeps it in memory. Skipped with a note when the
    /// extension is not installed.
    /// </summary>
    private static async Task PrewarmAsync(NpgsqlDataSource data)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using (var create = data.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
            {
                await create.ExecuteNonQueryAsync();
            }
            await using var command = data.CreateCommand("""
                SELECT coalesce(sum(pg_prewarm(c.oid::regclass, 'read')), 0)
                  FROM pg_class c
                 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i', 'm')
                """);
            command.CommandTimeout = 600;
            var blocks = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"prewarm: read {blocks * 8 / 1024:N0} MB into the OS cache in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        }
        catch (PostgresException ex)
        {
            Console.Error.WriteLine($"prewarm: skipped ({ex.MessageText}); the first reads may come from disk");
        }
    }

    /// <summary>Every queue with its case counts, most cases first.</summary>
    private static async Task<List<(string Code, long Open, long Total)>> QueuesAsync(NpgsqlDataSource data)
    {
        await using var command = data.CreateCommand("""
            SELECT q.code, count(c.id) FILTER (WHERE c.status NOT IN ('CLOSED', 'CANCELLED')), count(c.id)
              FROM queues q LEFT JOIN fallout_cases c ON c.queue = q.code
             GROUP BY q.code ORDER BY 3 DESC, 1
            """);
        var queues = new List<(string, long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            queues.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        return queues;
    }

    private static async Task<List<Guid>> SampleCaseIdsAsync(NpgsqlDataSource data, int count)
    {
        await using var command = data.CreateCommand("SELECT id FROM fallout_cases TABLESAMPLE SYSTEM (1) ORDER BY random() LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var ids = new List<Guid>(count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids.Count > 0 ? ids : throw new InvalidOperationException("The database holds no cases: seed it first (analytics --seed).");
    }

    /// <summary>Hands the pulled cases back to their queues, so the next run finds the same backlog.</summary>
    private static async Task HandBackAsync(NpgsqlDataSource data)
    {
        await using var command = data.CreateCommand($"""
            UPDATE fallout_cases SET status = 'QUEUED', assigned_user = NULL
             WHERE assigned_user LIKE '{PullerPrefix}%' AND status = 'ASSIGNED'
            """);
        await command.ExecuteNonQueryAsync();
    }
}
