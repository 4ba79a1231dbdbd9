using System.Diagnostics;
using System.Globalization;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Queues;
using FalloutManagement.Api.Modules.Queues.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FalloutManagement.Benchmarks;

/// <summary>
/// The SLA sweep at scale: a migrated database with <c>--cases</c> open cases (default 1,000,000), each with its four
/// policy clocks (classify met; assign, first action and resolve running, due in 30 days); each run makes <c>--breached</c> of them (default 10,000)
/// due in the past and times one <see cref="SlaSweeper.SweepOnceAsync"/>: find them through the partial index,
/// lock, announce one breach per clock and escalate every case, batch by batch. Prints each run and the median.
/// </summary>
/// <remarks>
/// Options: <see cref="Usage"/>. The database is dropped and re-created unless <c>--reuse</c> is given (then an
/// existing load is reused).
/// </remarks>
public static class SlaSweepBenchmark
{
    public const string Usage = """
        sla-sweep --connection "Host=...;Username=...;Database=postgres" [--database fallout_bench_sla] [--cases 1000000]
                  [--breached 10000] [--runs 5] [--batch 500] [--parallelism 2] [--reuse]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var server = Option(args, "--connection") ?? Environment.GetEnvironmentVariable("FALLOUT_BENCH_DATABASE")
            ?? throw new BenchArgsException("--connection <server connection string> (or FALLOUT_BENCH_DATABASE) is required.");
        var database = Option(args, "--database") ?? "fallout_bench_sla";
        var cases = int.Parse(Option(args, "--cases") ?? "1000000", CultureInfo.InvariantCulture);
        var breached = int.Parse(Option(args, "--breached") ?? "10000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var batch = Option(args, "--batch") ?? SlaSweeper.DefaultBatchSize.ToString(CultureInfo.InvariantCulture);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Fallout"] = connectionString,
                [SlaSweeper.BatchSizeKey] = batch,
                [SlaSweeper.ParallelismKey] = Option(args, "--parallelism") ?? SlaSweeper.DefaultParallelism.ToString(CultureInfo.InvariantCulture),
            }).Build())
            .AddSingleton(TimeProvider.System)
            .AddFalloutPersistence()
            .AddQueuesModule()
            .BuildServiceProvider();
        if (!args.Contains("--reuse"))
        {
            await LoadAsync(services, server, database, connectionString, cases);
        }
        var sweeper = services.GetRequiredService<SlaSweeper>();

        var timings = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var now = DateTimeOffset.UtcNow;
            var due = await ExecuteAsync(connectionString, $"""
                UPDATE sla_clocks SET due_at = @past, at_risk_at = @past
                 WHERE id IN (SELECT id FROM sla_clocks WHERE kind = 'TIME_TO_RESOLVE' AND met_at IS NULL AND breach_notified_at IS NULL
                                 AND due_at > @now ORDER BY case_id LIMIT {breached});
                ANALYZE sla_clocks;
                """, ("past", now.AddMinutes(-1)), ("now", now));
            var open = await ScalarAsync(connectionString, "SELECT count(*) FROM fallout_cases WHERE status NOT IN ('CLOSED', 'CANCELLED')");
            var watch = Stopwatch.StartNew();
            var result = await sweeper.SweepOnceAsync(now);
            watch.Stop();
            timings.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {open:N0} open cases, {due:N0} made due; swept {result.Breached:N0} breaches, {result.Escalated:N0} escalations, {result.AtRisk:N0} at risk in {watch.Elapsed.TotalSeconds:F2} s"));
        }
        timings.Sort();
        var median = timings[timings.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median of {runs}: {median:F2} s (target <= 5 s)"));
        return median <= 5 ? 0 : 1;
    }

    private static async Task LoadAsync(IServiceProvider services, string server, string database, string connectionString, int cases)
    {
        var watch = Stopwatch.StartNew();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FalloutDbContext>().Database.MigrateAsync();
        }
        // Open cases over the seven category queues, each with a TIME_TO_RESOLVE clock due in 30 days.
        await ExecuteAsync(connectionString, """
            INSERT INTO fallout_cases (id, source_system, source_event_id, correlation_id, service_order_id, service_order_item_id,
                                       failed_step_key, category, severity, status, reason_code, message, queue, occurrence_count,
                                       last_occurrence_at, escalation_level, sla_due_at, created_at, updated_at, version, material_version)
            SELECT gen_random_uuid(), 'bench', 'evt-' || g, 'corr-' || g, 'so-' || g, 'soi-' || g, 'Step',
                   q.category, (ARRAY['LOW','MEDIUM','HIGH'])[1 + g % 3], 'QUEUED', 'BENCH_REASON', 'benchmark case', q.code, 1,
                   now(), 0, now() + interval '30 days', now(), now(), 2, 2
              FROM generate_series(1, @cases) AS g
              JOIN (VALUES (0, 'DATA', 'FULFILLMENT_DATA_FIX'), (1, 'RESOURCE', 'RESOURCE_CONTROL'), (2, 'ACTIVATION', 'MOBILE_ACTIVATION_L2'),
                           (3, 'FIELD', 'FIXED_FIELD_SUPPORT'), (4, 'PARTNER', 'PARTNER_WHOLESALE'), (5, 'BILLING', 'BILLING_RA'),
                           (6, 'COMPLIANCE', 'FRAUD_REVIEW')) AS q(n, category, code) ON q.n = g % 7;
            INSERT INTO sla_clocks (id, case_id, kind, started_at, budget, due_at, at_risk_at, paused_total, met_at, state)
            SELECT gen_random_uuid(), c.id, k.kind, c.created_at, interval '8 hours', now() + interval '30 days',
                   now() + interval '29 days', interval '0', CASE WHEN k.kind = 'TIME_TO_CLASSIFY' THEN c.created_at END,
                   CASE WHEN k.kind = 'TIME_TO_CLASSIFY' THEN 'MET' ELSE 'ON_TRACK' END
              FROM fallout_cases c
             CROSS JOIN (VALUES ('TIME_TO_CLASSIFY'), ('TIME_TO_ASSIGN'), ('TIME_TO_FIRST_ACTION'), ('TIME_TO_RESOLVE')) AS k(kind);
            """, ("cases", cases));
        await ExecuteAsync(connectionString, "VACUUM ANALYZE fallout_cases");
        await ExecuteAsync(connectionString, "VACUUM ANALYZE sla_clocks");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {cases:N0} open cases with clocks in {watch.Elapsed.TotalSeconds:F0} s"));
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static async Task<int> ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
