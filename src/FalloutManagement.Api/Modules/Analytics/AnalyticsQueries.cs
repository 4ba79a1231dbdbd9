using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Analytics;

/// <summary>
/// The analytics figures, each one SQL aggregate over indexed columns (see the AnalyticsIndexes migration); the exact
/// definitions are in docs/incidents-and-analytics.md. Open means any status but CLOSED and CANCELLED.
/// </summary>
public sealed class AnalyticsQueries(FalloutDbContext db, IServiceScopeFactory scopes)
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
        var flowTask = InParallelAsync(d => d.Database.SqlQuery<FlowRow>($"""
            SELECT count(*)::int AS created,
                   avg(extract(epoch FROM c.classified_at - c.created_at)) FILTER (WHERE c.classified_at IS NOT NULL)::float8 AS time_to_classify,
                   avg(extract(epoch FROM c.resolved_at - c.created_at)) FILTER (WHERE c.resolved_at IS NOT NULL)::float8 AS time_to_resolve,
                   count(*) FILTER (WHERE c.resolved_at IS NOT NULL)::int AS resolved
              FROM fallout_cases c
             WHERE c.created_at >= {f.From} AND c.created_at < {f.To}
               AND ({f.Queue}::text IS NULL OR c.queue = {f.Queue}) AND ({f.Category}::text IS NULL OR c.category = {f.Category})
            """), ct);
        // A clock breached when it was met after its due time, or is unmet past it (running, or paused only after it was
        // due); a clock paused before its due time has not breached. The sweep's breach mark counts too.
        // Every clock starts at its case's creation (SlaPlanner), so the cohort's clocks are those started in the period:
        // an index-only range scan of ix_sla_clocks_started_analytics. Only a queue or category filter needs the cases
        // (the constant condition folds away without one); joining every clock to its case scanned all clocks.
        var clocksTask = InParallelAsync(d => d.Database.SqlQuery<ClockRow>($"""
            SELECT k.kind AS clock, count(*)::int AS clocks,
                   count(*) FILTER (WHERE k.breach_notified_at IS NOT NULL
                                       OR k.met_at > k.due_at
                                       OR (k.met_at IS NULL AND coalesce(k.paused_since, {f.Now}) > k.due_at))::int AS breached
              FROM sla_clocks k
             WHERE k.started_at >= {f.From} AND k.started_at < {f.To}
               AND (({f.Queue}::text IS NULL AND {f.Category}::text IS NULL)
                    OR k.case_id IN (SELECT c.id FROM fallout_cases c
                                      WHERE c.created_at >= {f.From} AND c.created_at < {f.To}
                                        AND ({f.Queue}::text IS NULL OR c.queue = {f.Queue})
                                        AND ({f.Category}::text IS NULL OR c.category = {f.Category})))
             GROUP BY k.kind ORDER BY k.kind
            """), ct);
        // The reopen test probes the closed cases once per case of the period: the costliest figure, so it runs on its own.
        var reopenedTask = InParallelAsync(d => d.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS value
              FROM fallout_cases c
             WHERE c.created_at >= {f.From} AND c.created_at < {f.To}
               AND ({f.Queue}::text IS NULL OR c.queue = {f.Queue}) AND ({f.Category}::text IS NULL OR c.category = {f.Category})
               AND EXISTS (SELECT 1 FROM fallout_cases p
                            WHERE p.status = 'CLOSED' AND p.service_order_item_id = c.service_order_item_id
                              AND p.failed_step_key = c.failed_step_key AND p.closed_at <= c.created_at)
            """), ct);
        var correctionsTask = InParallelAsync(d => d.Database.SqlQuery<CorrectionRow>($"""
            WITH applied AS (
                SELECT c.id AS case_id, c.resolved_at IS NOT NULL AS resolved, ca.type, ca.proposed_by
                  FROM fallout_cases c
                  -- A correction is proposed after its case was created, so proposed_at >= from loses none of the
                  -- period's cases' corrections and lets the index on proposed_at bound the scan.
                  JOIN correction_actions ca ON ca.case_id = c.id AND ca.applied_at IS NOT NULL AND ca.proposed_at >= {f.From}
                 WHERE c.created_at >= {f.From} AND c.created_at < {f.To}
                   AND ({f.Queue}::text IS NULL OR c.queue = {f.Queue}) AND ({f.Category}::text IS NULL OR c.category = {f.Category})),
            per_case AS (
                SELECT case_id, bool_and(type = 'RETRY') AS only_retry, bool_or(resolved) AS resolved FROM applied GROUP BY case_id)
            SELECT 'TYPE' AS kind, type AS key, count(*)::int AS count FROM applied WHERE proposed_by NOT LIKE 'system:%' GROUP BY type
            UNION ALL
            SELECT 'AUTOMATED', NULL, count(*) FILTER (WHERE only_retry AND resolved)::int FROM per_case
            """), ct);

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

    public async Task<RepeatFalloutReport> RepeatFalloutAsync(AnalyticsFilter f, int top, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<RepeatFallout>($"""
            WITH grouped AS (
                SELECT CASE WHEN grouping(reason_code) = 0 THEN 'reason'
                            WHEN grouping(source_system) = 0 THEN 'targetSystem'
                            WHEN grouping(resource_id) = 0 THEN 'resource'
                            ELSE 'product' END AS dimension,
                       CASE WHEN grouping(reason_code) = 0 THEN reason_code
                            WHEN grouping(source_system) = 0 THEN source_system
                            WHEN grouping(resource_id) = 0 THEN resource_id
                            ELSE attributes_json ->> 'productCode' END AS key,
                       count(*)::int AS cases, sum(occurrence_count)::int AS occurrences
                  FROM fallout_cases
                 WHERE created_at >= {f.From} AND created_at < {f.To}
                   AND ({f.Queue}::text IS NULL OR queue = {f.Queue}) AND ({f.Category}::text IS NULL OR category = {f.Category})
                 GROUP BY GROUPING SETS ((reason_code), (source_system), (resource_id), (attributes_json ->> 'productCode'))),
            ranked AS (
                SELECT *, row_number() OVER (PARTITION BY dimension ORDER BY occurrences DESC, cases DESC, key) AS rank
                  FROM grouped WHERE key IS NOT NULL)
            SELECT dimension, key, cases, occurrences FROM ranked WHERE rank <= {top} ORDER BY dimension, rank
            """).ToListAsync(ct);
        return new RepeatFalloutReport(f.From, f.To, rows);
    }

    public async Task<TrendReport> TrendsAsync(AnalyticsFilter f, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<TrendPoint>($"""
            SELECT (created_at AT TIME ZONE 'UTC')::date AS day, coalesce(category, 'UNCLASSIFIED') AS category,
                   count(*)::int AS cases, sum(occurrence_count)::int AS occurrences
              FROM fallout_cases
             WHERE created_at >= {f.From} AND created_at < {f.To}
               AND ({f.Queue}::text IS NULL OR queue = {f.Queue}) AND ({f.Category}::text IS NULL OR category = {f.Category})
             GROUP BY 1, 2 ORDER BY 1, 2
            """).ToListAsync(ct);
        return new TrendReport(f.From, f.To, rows);
    }

    /// <summary>Runs one query on its own scope and connection, so the summary's queries run side by side.</summary>
    private async Task<List<T>> InParallelAsync<T>(Func<FalloutDbContext, IQueryable<T>> query, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FalloutDbContext>()).ToListAsync(ct);
    }

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
