using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FalloutManagement.Api.Modules.Analytics;

/// <summary>
/// The analytics figures, each one SQL aggregate over indexed columns (db/sql/005_analytics_indexes.sql); the flow
/// figures and trends read the full days of the period from the daily rollup (db/sql/006_analytics_rollup.sql) unless a
/// day is marked dirty. Each figure has one definition, written alike here and in <c>analytics_fold</c>
/// (docs/database.md, "Analytics metrics"); AnalyticsRollupTests proves the two forms agree.
/// Open means any status but CLOSED and CANCELLED.
/// </summary>
internal sealed class AnalyticsQueries(FalloutDbContext db, IServiceScopeFactory scopes)
{
    private const double SecondsPerHour = 3600d;

    public async Task<AnalyticsSummary> SummaryAsync(AnalyticsFilter f, CancellationToken ct)
    {
        var stuckBefore = f.Now - f.StuckAfter;
        var cubeTask = InParallelAsync(d => d.Database.SqlQuery<BacklogRow>($"""
            SELECT coalesce(category, 'UNCLASSIFIED') AS category, severity, queue, count(*)::int AS cases
              FROM fallout_cases
             WHERE status NOT IN ('CLOSED', 'CANCELLED')
               AND ({f.Queue}::text IS NULL OR queue = {f.Queue}) AND ({f.Category}::text IS NULL OR category = {f.Category})
             GROUP BY 1, 2, 3
            """), ct);
        var backlogTask = InParallelAsync(d => d.Database.SqlQuery<AgeRow>($"""
            SELECT coalesce(avg(extract(epoch FROM {f.Now} - created_at)), 0)::float8 AS average_age,
                   coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM {f.Now} - created_at)), 0)::float8 AS p90age,
                   count(*) FILTER (WHERE created_at < {stuckBefore})::int AS stuck_cases,
                   (count(DISTINCT service_order_id) FILTER (WHERE created_at < {stuckBefore})
                     + count(*) FILTER (WHERE created_at < {stuckBefore} AND service_order_id IS NULL))::int AS stuck_orders
              FROM fallout_cases
             WHERE status NOT IN ('CLOSED', 'CANCELLED')
               AND ({f.Queue}::text IS NULL OR queue = {f.Queue}) AND ({f.Category}::text IS NULL OR category = {f.Category})
            """), ct);
        var revenueTask = InParallelAsync(d => d.Database.SqlQuery<RevenueRow>($"""
            SELECT revenue_at_risk_currency AS currency, sum(revenue_at_risk_amount) AS amount
              FROM fallout_cases
             WHERE status NOT IN ('CLOSED', 'CANCELLED') AND revenue_at_risk_currency IS NOT NULL AND revenue_at_risk_amount IS NOT NULL
               AND ({f.Queue}::text IS NULL OR queue = {f.Queue}) AND ({f.Category}::text IS NULL OR category = {f.Category})
             GROUP BY 1 ORDER BY 1
            """), ct);
        // The flow figures: full days of the period without a dirty mark come from the daily rollup, the rest (the
        // period's partial first and last days, and dirty days) from the live tables, in one statement each so both
        // parts see the same snapshot (docs/incidents-and-analytics.md, "Daily rollup").
        var flowTask = InParallelAsync(d => d.Database.SqlQueryRaw<FlowRow>($"""
            WITH {Split},
            parts AS (
                SELECT count(*) AS cases, count(c.classified_at) AS classified,
                       coalesce(sum(extract(epoch FROM c.classified_at - c.created_at)), 0)::float8 AS classify_s,
                       count(c.resolved_at) AS resolved, coalesce(sum(extract(epoch FROM c.resolved_at - c.created_at)), 0)::float8 AS resolve_s
                  FROM {LiveCases}
                UNION ALL
                SELECT coalesce(sum(a.cases), 0), coalesce(sum(a.classified), 0), coalesce(sum(a.classify_seconds), 0),
                       coalesce(sum(a.resolved), 0), coalesce(sum(a.resolve_seconds), 0)
                  FROM analytics_daily a WHERE {RolledFilter})
            SELECT sum(cases)::int AS created, (sum(classify_s) / nullif(sum(classified), 0))::float8 AS time_to_classify,
                   (sum(resolve_s) / nullif(sum(resolved), 0))::float8 AS time_to_resolve, sum(resolved)::int AS resolved
              FROM parts
            """, Parameters(f)), ct);
        // A clock breached when it was met after its due time, or is unmet past it (running, or paused only after it was
        // due); a clock paused before its due time has not breached. The sweep's breach mark counts too.
        // Every clock starts at its case's creation (SlaPlanner), so the cohort's clocks are those started in the period:
        // index-only range scans by start time. The rollup holds the settled clocks (met or marked breached) only; the
        // unsettled ones of rolled-up days, whose breach depends on now, are counted live from a small partial index.
        var clocksTask = InParallelAsync(d => d.Database.SqlQueryRaw<ClockRow>($"""
            WITH {Split},
            live AS (
                SELECT k.kind, k.breach_notified_at, k.met_at, k.due_at, k.paused_since
                  FROM ranges r
                  CROSS JOIN LATERAL (SELECT k.* FROM sla_clocks k WHERE k.started_at >= r.lo AND k.started_at < r.hi
                                         AND {ClockCaseFilter} OFFSET 0) k
                UNION ALL
                SELECT k.kind, k.breach_notified_at, k.met_at, k.due_at, k.paused_since
                  FROM sla_clocks k
                 WHERE k.met_at IS NULL AND k.breach_notified_at IS NULL AND k.started_at >= @fs AND k.started_at < @fe
                   AND (k.started_at AT TIME ZONE 'UTC')::date NOT IN (SELECT day FROM dirty)
                   AND {ClockCaseFilter}),
            counted AS (
                SELECT kind, count(*) AS clocks,
                       count(*) FILTER (WHERE breach_notified_at IS NOT NULL OR met_at > due_at
                                           OR (met_at IS NULL AND coalesce(paused_since, @now) > due_at)) AS breached
                  FROM live GROUP BY kind
                UNION ALL
                SELECT a.kind, sum(a.clocks), sum(a.breached) FROM analytics_daily_clocks a WHERE {RolledFilter} GROUP BY a.kind)
            SELECT kind AS clock, sum(clocks)::int AS clocks, sum(breached)::int AS breached FROM counted GROUP BY kind ORDER BY kind
            """, Parameters(f)), ct);
        // The reopen test probes the closed cases once per live case: the costliest figure, so it runs on its own.
        var reopenedTask = InParallelAsync(d => d.Database.SqlQueryRaw<int>($"""
            WITH {Split}
            SELECT ((SELECT count(*)
                       FROM {LiveCases}
                       -- A lateral probe with LIMIT: the planner cannot size the ranges, and as a semi-join it hashed
                       -- every closed case.
                       CROSS JOIN LATERAL (SELECT 1 FROM fallout_cases p
                                            WHERE p.status = 'CLOSED' AND p.service_order_item_id = c.service_order_item_id
                                              AND p.failed_step_key = c.failed_step_key AND p.closed_at <= c.created_at
                                            LIMIT 1) reopens)
                    + (SELECT coalesce(sum(a.reopened), 0) FROM analytics_daily a WHERE {RolledFilter}))::int AS value
            """, Parameters(f)), ct);
        var correctionsTask = InParallelAsync(d => d.Database.SqlQueryRaw<CorrectionRow>($"""
            WITH {Split},
            applied AS (
                SELECT c.id AS case_id, c.resolved_at IS NOT NULL AS resolved, ca.type, ca.proposed_by
                  FROM {LiveCases}
                  -- Per case through ix_correction_actions_case_id (OFFSET 0 keeps the lateral subquery a per-row probe:
                  -- the planner cannot size the ranges, and as a join it scanned the corrections).
                  CROSS JOIN LATERAL (SELECT ca.type, ca.proposed_by FROM correction_actions ca
                                       WHERE ca.case_id = c.id AND ca.applied_at IS NOT NULL OFFSET 0) ca),
            per_case AS (
                SELECT case_id, bool_and(type = 'RETRY') AS only_retry, bool_or(resolved) AS resolved FROM applied GROUP BY case_id),
            by_type AS (
                SELECT type, count(*) AS n FROM applied WHERE proposed_by NOT LIKE 'system:%' GROUP BY type
                UNION ALL
                SELECT a.type, sum(a.applied) FROM analytics_daily_corrections a WHERE {RolledFilter} GROUP BY a.type)
            SELECT 'TYPE' AS kind, type AS key, sum(n)::int AS count FROM by_type GROUP BY type
            UNION ALL
            SELECT 'AUTOMATED', NULL, ((SELECT count(*) FILTER (WHERE only_retry AND resolved) FROM per_case)
                                       + (SELECT coalesce(sum(a.automated), 0) FROM analytics_daily a WHERE {RolledFilter}))::int
            """, Parameters(f)), ct);

        await Task.WhenAll(cubeTask, backlogTask, revenueTask, flowTask, clocksTask, reopenedTask, correctionsTask);
        var cube = await cubeTask;
        var backlog = (await backlogTask).Single();
        var revenue = await revenueTask;
        var flow = (await flowTask).Single();
        var clocks = await clocksTask;
        var reopened = (await reopenedTask).Single();
        var corrections = await correctionsTask;

        var automated = corrections.Where(c => c.Kind == "AUTOMATED").Sum(c => c.Count);
        return new AnalyticsSummary(
            f.From, f.To, f.Now, f.Queue, f.Category,
            cube.Sum(r => r.Cases),
            CountsBy(cube, r => r.Category),
            CountsBy(cube, r => r.Severity),
            CountsBy(cube, r => r.Queue),
            Hours(backlog.AverageAge),
            Hours(backlog.P90Age),
            flow.Created,
            clocks.Select(k => new ClockBreach(k.Clock, k.Clocks, k.Breached, Rate(k.Breached, k.Clocks))).ToList(),
            flow.TimeToClassify is { } ttc ? Hours(ttc) : null,
            flow.TimeToResolve is { } ttr ? Hours(ttr) : null,
            flow.Resolved,
            reopened,
            Rate(reopened, flow.Created),
            corrections.Where(c => c.Kind == "TYPE").OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new CountBy(c.Key!, c.Count)).ToList(),
            automated,
            Rate(automated, flow.Resolved),
            f.StuckAfter.TotalHours,
            backlog.StuckCases,
            backlog.StuckOrders,
            revenue.Select(r => new RevenueAtRisk(r.Currency, r.Amount)).ToList());
    }

    /// <summary>
    /// The top keys per dimension. Reason, target system and product come from the daily rollup for the period's clean
    /// full days and from the live cases for the rest, like the flow figures; the resource dimension (about as many
    /// keys as cases, so not rolled up) is one aggregate over the period, on its own connection beside it: an
    /// index-only range scan of its own narrow index (<c>ix_fallout_cases_resource_analytics</c>, 70 MB at 1M cases
    /// against the table's 327 MB), in one process. At a year's range the planner's default costs prefer a parallel
    /// scan of the table, which took 690–820 ms at 1M cases on two cores against 170–400 ms for this plan
    /// (docs/benchmarks-analytics.md).
    /// </summary>
    public async Task<RepeatFalloutReport> RepeatFalloutAsync(AnalyticsFilter f, int top, CancellationToken ct)
    {
        var rolledTask = InParallelAsync(d => d.Database.SqlQueryRaw<RepeatFallout>($"""
            WITH {Split},
            live AS (
                SELECT g.dimension, g.key, count(*) AS cases, sum(c.occurrence_count) AS occurrences
                  FROM {LiveCases}
                 CROSS JOIN LATERAL (VALUES ('reason', c.reason_code), ('targetSystem', c.source_system),
                                            ('product', c.attributes_json ->> 'productCode')) AS g(dimension, key)
                 WHERE g.key IS NOT NULL
                 GROUP BY 1, 2),
            grouped AS (
                SELECT dimension, key, sum(cases)::int AS cases, sum(occurrences)::int AS occurrences
                  FROM (SELECT * FROM live
                        UNION ALL
                        SELECT a.dimension, a.key, sum(a.cases), sum(a.occurrences)
                          FROM analytics_daily_repeat a WHERE {RolledFilter} GROUP BY 1, 2) t
                 GROUP BY 1, 2),
            ranked AS (
                SELECT *, row_number() OVER (PARTITION BY dimension ORDER BY occurrences DESC, cases DESC, key) AS rank FROM grouped)
            SELECT dimension, key, cases, occurrences FROM ranked WHERE rank <= @top ORDER BY dimension, rank
            """, [.. Parameters(f), new NpgsqlParameter("top", NpgsqlDbType.Integer) { Value = top }]), ct);
        var resourcesTask = InParallelAsync(d => d.Database.SqlQuery<RepeatFallout>($"""
            SELECT 'resource' AS dimension, resource_id AS key, count(*)::int AS cases, sum(occurrence_count)::int AS occurrences
              FROM fallout_cases
             WHERE created_at >= {f.From} AND created_at < {f.To} AND resource_id IS NOT NULL
               AND ({f.Queue}::text IS NULL OR queue = {f.Queue}) AND ({f.Category}::text IS NULL OR category = {f.Category})
             GROUP BY resource_id
             ORDER BY occurrences DESC, cases DESC, key
             LIMIT {top}
            """), ct, IndexOnlySerial);
        await Task.WhenAll(rolledTask, resourcesTask);
        // Dimensions in name order (product, reason, resource, targetSystem), each ranked as its query returned it.
        var rows = (await rolledTask).Concat(await resourcesTask)
            .Select((row, index) => (row, index))
            .OrderBy(r => r.row.Dimension, StringComparer.Ordinal).ThenBy(r => r.index)
            .Select(r => r.row).ToList();
        return new RepeatFalloutReport(f.From, f.To, rows);
    }

    public async Task<TrendReport> TrendsAsync(AnalyticsFilter f, CancellationToken ct)
    {
        var rows = await WithoutJitAsync(db, d => d.Database.SqlQueryRaw<TrendPoint>($"""
            WITH {Split}
            SELECT day, category, sum(cases)::int AS cases, sum(occurrences)::int AS occurrences
              FROM (
                SELECT (c.created_at AT TIME ZONE 'UTC')::date AS day, coalesce(c.category, 'UNCLASSIFIED') AS category,
                       count(*) AS cases, sum(c.occurrence_count) AS occurrences
                  FROM {LiveCases}
                 GROUP BY 1, 2
                UNION ALL
                SELECT a.day, CASE WHEN a.category = '' THEN 'UNCLASSIFIED' ELSE a.category END, sum(a.cases), sum(a.occurrences)
                  FROM analytics_daily a WHERE {RolledFilter}
                 GROUP BY 1, 2) t
             GROUP BY 1, 2 ORDER BY 1, 2
            """, Parameters(f)), ct);
        return new TrendReport(f.From, f.To, rows);
    }

    /// <summary>
    /// The period split: <c>dirty</c>, the full days with a dirty mark; <c>ranges</c>, the time ranges read live (the
    /// partial first and last days, and each dirty day). Parameters from <see cref="Parameters"/>.
    /// </summary>
    private const string Split = """
        dirty AS (SELECT DISTINCT day FROM analytics_dirty_days WHERE day >= @fsd AND day < @fed),
        ranges AS (SELECT @from AS lo, @fs AS hi
                   UNION ALL SELECT @fe, @to
                   UNION ALL SELECT day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC' FROM dirty)
        """;

    /// <summary>
    /// The live cases of the period split (alias <c>c</c>), with the queue and category filter: one index range scan by
    /// creation time per range. A lateral subquery with OFFSET 0, because the planner cannot size the ranges: as a join,
    /// with a queue or category filter, it scanned every case of that queue or category (~1 s at 1M cases for ~300 rows).
    /// </summary>
    private const string LiveCases = """
        ranges r
                  CROSS JOIN LATERAL (SELECT c.* FROM fallout_cases c
                                       WHERE c.created_at >= r.lo AND c.created_at < r.hi
                                         AND (@queue::text IS NULL OR c.queue = @queue) AND (@category::text IS NULL OR c.category = @category)
                                      OFFSET 0) c
        """;

    /// <summary>
    /// The queue and category filter on clocks (alias <c>k</c>): folds away without a filter, else one probe of the
    /// clock's case by key per clock (a scalar subquery, so the planner cannot turn it into a hash of every case of the
    /// queue).
    /// </summary>
    private const string ClockCaseFilter = """
        ((@queue::text IS NULL AND @category::text IS NULL)
                        OR (SELECT true FROM fallout_cases c WHERE c.id = k.case_id AND (@queue::text IS NULL OR c.queue = @queue)
                                                                AND (@category::text IS NULL OR c.category = @category)))
        """;

    /// <summary>The rollup rows of the period's clean full days (alias <c>a</c>); category '' stands for none.</summary>
    private const string RolledFilter = """
        a.day >= @fsd AND a.day < @fed AND a.day NOT IN (SELECT day FROM dirty)
                   AND (@queue::text IS NULL OR a.queue = @queue) AND (@category::text IS NULL OR a.category = @category)
        """;

    /// <summary>
    /// The parameters of the split queries: the period, its full UTC days [<c>fs</c>, <c>fe</c>) (as timestamps and as
    /// dates; empty, at <c>to</c>, when the period holds no full day), the filter and now. Fresh objects per query.
    /// </summary>
    private static object[] Parameters(AnalyticsFilter f)
    {
        var fromDay = f.From.UtcDateTime.Date;
        var fullStart = fromDay == f.From.UtcDateTime ? fromDay : fromDay.AddDays(1);
        var fullEnd = f.To.UtcDateTime.Date;
        if (fullEnd <= fullStart)
        {
            fullStart = fullEnd = f.To.UtcDateTime;
        }
        return
        [
            new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = f.From.UtcDateTime },
            new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = f.To.UtcDateTime },
            new NpgsqlParameter("fs", NpgsqlDbType.TimestampTz) { Value = DateTime.SpecifyKind(fullStart, DateTimeKind.Utc) },
            new NpgsqlParameter("fe", NpgsqlDbType.TimestampTz) { Value = DateTime.SpecifyKind(fullEnd, DateTimeKind.Utc) },
            new NpgsqlParameter("fsd", NpgsqlDbType.Date) { Value = DateOnly.FromDateTime(fullStart) },
            new NpgsqlParameter("fed", NpgsqlDbType.Date) { Value = DateOnly.FromDateTime(fullEnd) },
            new NpgsqlParameter("queue", NpgsqlDbType.Text) { Value = (object?)f.Queue ?? DBNull.Value },
            new NpgsqlParameter("category", NpgsqlDbType.Text) { Value = (object?)f.Category ?? DBNull.Value },
            new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = f.Now.UtcDateTime },
        ];
    }

    /// <summary>
    /// For a query that must read its index, not the table, and in one process: <c>enable_seqscan = off</c> (the index
    /// covers the query; the setting only makes a table scan look dearer, so without the index the query still runs)
    /// and no parallel workers (the call's other queries already run beside it on their own connections; on a small
    /// database host the workers compete with them and with the service for the same cores).
    /// </summary>
    private const string IndexOnlySerial = "SET LOCAL enable_seqscan = off; SET LOCAL max_parallel_workers_per_gather = 0";

    /// <summary>Runs one query on its own scope and connection, so the summary's queries run side by side.</summary>
    private async Task<List<T>> InParallelAsync<T>(Func<FalloutDbContext, IQueryable<T>> query, CancellationToken ct, string? settings = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await WithoutJitAsync(scope.ServiceProvider.GetRequiredService<FalloutDbContext>(), query, ct, settings);
    }

    /// <summary>
    /// Runs one query in a read-only transaction with, for it alone (SET LOCAL): JIT compilation off — the planner
    /// cannot size the live ranges of a split query, so its cost estimate crosses jit_above_cost and compiling took
    /// ~400 ms of queries that run in 10–20 ms — and custom plans only: the service prepares statements automatically,
    /// and a generic plan keeps the "no filter" branches (<c>@queue IS NULL OR ...</c>) and the unknown ranges that a
    /// custom plan folds away (~330 ms instead of ~20 ms for the corrections).
    /// </summary>
    private static async Task<List<T>> WithoutJitAsync<T>(FalloutDbContext d, Func<FalloutDbContext, IQueryable<T>> query, CancellationToken ct,
        string? settings = null)
    {
        await using var transaction = await d.Database.BeginTransactionAsync(ct);
        await d.Database.ExecuteSqlRawAsync(settings is null ? ReadOnlyWithoutJit : ReadOnlyWithoutJit + "; " + settings, ct);
        var rows = await query(d).ToListAsync(ct);
        await transaction.CommitAsync(ct);
        return rows;
    }

    private const string ReadOnlyWithoutJit = "SET TRANSACTION READ ONLY; SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_custom_plan";

    private static List<CountBy> CountsBy(List<BacklogRow> cube, Func<BacklogRow, string> key) =>
        cube.GroupBy(key).Select(g => new CountBy(g.Key, g.Sum(r => r.Cases)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();

    private static double Hours(double seconds) => Math.Round(seconds / SecondsPerHour, 4);

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private sealed record BacklogRow(string Category, string Severity, string Queue, int Cases);

    private sealed record AgeRow(double AverageAge, double P90Age, int StuckCases, int StuckOrders);

    private sealed record RevenueRow(string Currency, decimal Amount);

    private sealed record FlowRow(int Created, double? TimeToClassify, double? TimeToResolve, int Resolved);

    private sealed record ClockRow(string Clock, int Clocks, int Breached);

    private sealed record CorrectionRow(string Kind, string? Key, int Count);
}
