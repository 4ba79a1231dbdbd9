using System.Diagnostics;
using Npgsql;

namespace FalloutManagement.Benchmarks;

/// <summary>
/// Loads a realistic fallout history into a migrated database with set-based SQL (generate_series), for the
/// analytics benchmark: cases spread over the last 365 days across every category, queue, severity and state (old
/// cases mostly closed, recent ones mostly open), about five occurrences per case, and applied corrections on resolved
/// cases (70% with a RETRY, half with a manual correction), and the four SLA clocks of every case (see <see cref="Clocks"/>). A tenth of the newest fifth reopens an old closed step,
/// so the reopen rate is not zero. Open cases never share an order item and step, so the open-step index holds.
/// </summary>
public static class SeedData
{
    private const string Cases = """
        SELECT setseed(0.42);
        INSERT INTO fallout_cases (id, source_system, source_event_id, correlation_id, severity, status, reason_code, message, queue,
            occurrence_count, last_occurrence_at, escalation_level, sla_due_at, created_at, updated_at, version, material_version,
            category, classified_at, resolved_at, closed_at, customer_id, service_order_id, service_order_item_id, failed_step_key,
            resource_id, revenue_at_risk_amount, revenue_at_risk_currency, attributes_json)
        SELECT gen_random_uuid(), (ARRAY['activation-service','order-service','inventory-service','field-service','partner-gateway','billing-service'])[1 + c.g % 6],
               'seed-evt-' || c.g, 'seed-corr-' || c.g, c.sev, c.st, 'REASON_' || (c.k % 40), 'seeded fallout',
               CASE c.cat WHEN 'DATA' THEN 'FULFILLMENT_DATA_FIX' WHEN 'RESOURCE' THEN 'RESOURCE_CONTROL' WHEN 'ACTIVATION' THEN 'MOBILE_ACTIVATION_L2'
                   WHEN 'FIELD' THEN 'FIXED_FIELD_SUPPORT' WHEN 'PARTNER' THEN 'PARTNER_WHOLESALE' WHEN 'BILLING' THEN 'BILLING_RA'
                   WHEN 'COMPLIANCE' THEN 'FRAUD_REVIEW' ELSE 'FALLOUT_TRIAGE' END,
               c.occ, c.created + (c.occ - 1) * interval '1 minute', 0,
               c.created + CASE c.sev WHEN 'CRITICAL' THEN interval '4 hours' WHEN 'HIGH' THEN interval '8 hours'
                   WHEN 'MEDIUM' THEN interval '24 hours' ELSE interval '72 hours' END,
               c.created, c.created, 3, 2, c.cat,
               CASE WHEN c.cat IS NOT NULL THEN c.created + c.r2 * interval '2 hours' END,
               CASE WHEN c.st IN ('CLOSED', 'RESOLVED_RESUME') THEN c.created + (1 + c.r3 * 71) * interval '1 hour' END,
               CASE WHEN c.st = 'CLOSED' THEN c.created + (1.5 + c.r3 * 71) * interval '1 hour'
                    WHEN c.st = 'CANCELLED' THEN c.created + c.r3 * interval '24 hours' END,
               'cust-' || (c.g % 300000), 'so-' || (c.k % 600000), 'soi-' || c.k,
               (ARRAY['ValidateOrder','ReserveResource','ProvisionMobileSubscriber','ActivateService','ScheduleField','CreateBillingAccount'])[1 + c.k % 6],
               'res-' || (c.g % 20000),
               CASE WHEN c.r4 < 0.3 THEN round((10 + c.r5 * 990)::numeric, 2) END,
               CASE WHEN c.r4 < 0.3 THEN (ARRAY['EUR','USD','IDR'])[1 + c.g % 3] END,
               CASE WHEN c.r4 < 0.7 THEN jsonb_build_object('productCode', 'P' || (c.k % 50)) END
          FROM (
            SELECT b.*, CASE WHEN b.st = 'DETECTED' THEN NULL
                             ELSE (ARRAY['DATA','RESOURCE','ACTIVATION','FIELD','PARTNER','BILLING','COMPLIANCE'])[1 + floor(b.r2 * 7)::int] END AS cat
              FROM (
                SELECT a.*,
                       CASE WHEN a.g > @n / 5 AND a.r1 < CASE WHEN a.created > @now - interval '14 days' THEN 0.55 ELSE 0.04 END
                                THEN (ARRAY['DETECTED','QUEUED','QUEUED','ASSIGNED','IN_PROGRESS','WAITING_CUSTOMER','WAITING_PARTNER',
                                            'WAITING_INCIDENT','CORRECTION_PROPOSED','APPROVAL_REQUIRED','VERIFYING','RESOLVED_RESUME'])[1 + floor(a.r6 * 12)::int]
                            WHEN a.r1 < 0.92 THEN 'CLOSED' ELSE 'CANCELLED' END AS st,
                       CASE WHEN a.r5 < 0.1 THEN 'CRITICAL' WHEN a.r5 < 0.35 THEN 'HIGH' WHEN a.r5 < 0.8 THEN 'MEDIUM' ELSE 'LOW' END AS sev
                  FROM (
                    SELECT g, @now - (@n - g) * (31536000.0 / @n) * interval '1 second' AS created,
                           CASE WHEN g > @n * 4 / 5 AND g % 10 = 0 THEN g - @n * 4 / 5 ELSE g END AS k,
                           1 + floor(random() * 9)::int AS occ,
                           random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
                      FROM generate_series(1, @n) AS g) a) b) c;
        """;

    private const string Occurrences = """
        INSERT INTO fallout_occurrences (id, case_id, source_system, source_event_id, correlation_id, message, occurred_at, received_at)
        SELECT gen_random_uuid(), c.id, c.source_system, CASE WHEN n = 1 THEN c.source_event_id ELSE c.source_event_id || '-' || n END,
               c.correlation_id, 'seeded fallout', c.created_at + (n - 1) * interval '1 minute', c.created_at + (n - 1) * interval '1 minute'
          FROM fallout_cases c CROSS JOIN LATERAL generate_series(1, c.occurrence_count) AS n
         WHERE c.correlation_id LIKE 'seed-corr-%';
        """;

    private const string Corrections = """
        INSERT INTO correction_actions (id, case_id, type, status, risk_level, approval_required, required_evidence, payload_json, reason,
            proposed_by, proposed_at, based_on_version, applied_by, applied_at)
        SELECT gen_random_uuid(), c.id, t.type, 'VERIFIED', 'LOW', FALSE, '{}', '{}', 'seeded', 'seed-operator',
               c.created_at + interval '30 minutes', 2, 'seed-operator', c.created_at + interval '45 minutes'
          FROM fallout_cases c
          CROSS JOIN LATERAL (
              SELECT 'RETRY' AS type WHERE abs(hashtext(c.id::text)) % 10 < 7
              UNION ALL
              SELECT (ARRAY['DATA_CORRECTION','RESOURCE_REALLOCATION','MANUAL_PROVISIONING','ORDER_AMENDMENT'])[1 + abs(hashtext(c.id::text)) % 4]
               WHERE abs(hashtext(c.id::text)) % 10 >= 5) t
         WHERE c.resolved_at IS NOT NULL AND c.correlation_id LIKE 'seed-corr-%';
        """;

    // The four policy clocks of every case (fallback budgets by severity, 24/7 calendar: resolve 4/8/24/72 h, classify a
    // sixteenth, assign an eighth, first action a quarter of it), consistent with the case's state. A clock is met at its
    // milestone: classified_at; a synthetic assignment and first action, not before classification, within 15% and 30%
    // of the resolve budget; resolved_at; a cancelled case meets its open clocks when it is cancelled, as SlaPlanner does.
    // A clock is unmet and running while the case has not reached its milestone, and TIME_TO_RESOLVE is paused while the
    // case waits (WAITING_*). A fifth of the finished cases had a past pause of up to 6 hours on TIME_TO_RESOLVE, which
    // moved its due time. The sweep's marks (at risk, breach) are set a minute after the mark's time when the clock was
    // still running then. Breach shares follow from the case seed's times (classified within 2 h, resolved within 72 h):
    // about 38% of TIME_TO_CLASSIFY, 33% of TIME_TO_ASSIGN, 21% of TIME_TO_FIRST_ACTION, 60% of TIME_TO_RESOLVE.
    private const string Clocks = """
        SELECT setseed(0.43);
        WITH c AS (
            SELECT x.*,
                   CASE WHEN x.status IN ('DETECTED', 'QUEUED') THEN NULL
                        ELSE least(x.assigned, x.resolved_at, x.closed_at) END AS assign_met,
                   CASE WHEN x.status IN ('DETECTED', 'QUEUED', 'ASSIGNED') THEN NULL
                        ELSE least(x.started, x.resolved_at, x.closed_at, @now) END AS first_met
              FROM (
                SELECT f.id, f.status, f.created_at, f.classified_at, f.resolved_at, f.closed_at, f.r_wait, f.r_pause,
                       f.resolve_budget, f.assigned, greatest(f.assigned, f.created_at + f.r_first * f.resolve_budget * 0.3) AS started
                  FROM (
                    SELECT k.*, least(greatest(k.classified_at, k.created_at + k.r_assign * k.resolve_budget * 0.15), @now) AS assigned
                      FROM (
                        SELECT fc.id, fc.status, fc.created_at, fc.classified_at, fc.resolved_at, fc.closed_at,
                               CASE fc.severity WHEN 'CRITICAL' THEN interval '4 hours' WHEN 'HIGH' THEN interval '8 hours'
                                   WHEN 'MEDIUM' THEN interval '24 hours' ELSE interval '72 hours' END AS resolve_budget,
                               random() AS r_assign, random() AS r_first, random() AS r_wait, random() AS r_pause
                          FROM fallout_cases fc
                         WHERE fc.correlation_id LIKE 'seed-corr-%') k) f) x),
        planned AS (
            SELECT c.id AS case_id, k.kind, c.created_at AS started_at, c.resolve_budget * k.share AS budget,
                   CASE WHEN k.kind = 'TIME_TO_RESOLVE' AND c.status IN ('CLOSED', 'CANCELLED', 'RESOLVED_RESUME') AND c.r_pause < 0.2
                        THEN c.r_pause * interval '30 hours' ELSE interval '0' END AS paused_total,
                   CASE k.kind WHEN 'TIME_TO_CLASSIFY' THEN least(c.classified_at, c.resolved_at, c.closed_at)
                               WHEN 'TIME_TO_ASSIGN' THEN c.assign_met
                               WHEN 'TIME_TO_FIRST_ACTION' THEN c.first_met
                               ELSE coalesce(c.resolved_at, c.closed_at) END AS met_at,
                   CASE WHEN k.kind = 'TIME_TO_RESOLVE' AND c.status LIKE 'WAITING_%'
                        THEN c.first_met + c.r_wait * (@now - c.first_met) END AS paused_since
              FROM c
              CROSS JOIN (VALUES ('TIME_TO_CLASSIFY', 1.0 / 16), ('TIME_TO_ASSIGN', 1.0 / 8), ('TIME_TO_FIRST_ACTION', 1.0 / 4),
                                 ('TIME_TO_RESOLVE', 1.0)) AS k(kind, share)),
        timed AS (
            SELECT p.*, p.started_at + p.budget + p.paused_total AS due_at, p.started_at + p.budget * 0.8 + p.paused_total AS at_risk_at,
                   least(coalesce(p.met_at, @now), coalesce(p.paused_since, @now)) AS ran_until
              FROM planned p)
        INSERT INTO sla_clocks (id, case_id, kind, started_at, budget, due_at, at_risk_at, paused_total, paused_since, met_at, state,
            at_risk_notified_at, breach_notified_at, policy_id)
        SELECT gen_random_uuid(), t.case_id, t.kind, t.started_at, t.budget, t.due_at, t.at_risk_at, t.paused_total, t.paused_since, t.met_at,
               CASE WHEN t.met_at IS NOT NULL THEN 'MET' WHEN t.paused_since IS NOT NULL THEN 'PAUSED'
                    WHEN t.ran_until > t.due_at + interval '1 minute' THEN 'BREACHED'
                    WHEN t.ran_until > t.at_risk_at + interval '1 minute' THEN 'AT_RISK' ELSE 'ON_TRACK' END,
               CASE WHEN t.ran_until > t.at_risk_at + interval '1 minute' THEN t.at_risk_at + interval '1 minute' END,
               CASE WHEN t.ran_until > t.due_at + interval '1 minute' THEN t.due_at + interval '1 minute' END,
               NULL
          FROM timed t;
        """;

    /// <summary>Loads <paramref name="cases"/> cases (and their occurrences, corrections and SLA clocks) ending at <paramref name="now"/>.</summary>
    public static async Task LoadAsync(string connectionString, int cases, DateTimeOffset now, TextWriter log)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await StepAsync(connection, log, $"{cases:N0} cases", Cases, cases, now);
        await StepAsync(connection, log, "occurrences", Occurrences, cases, now);
        await StepAsync(connection, log, "corrections", Corrections, cases, now);
        await StepAsync(connection, log, "SLA clocks", Clocks, cases, now);
        // The triggers marked every seeded day dirty; fold them now rather than leave it to the service's next fold.
        await StepAsync(connection, log, "analytics rollup fold", "SELECT analytics_fold(400)", cases, now);
        await StepAsync(connection, log, "vacuum analyze", """
            VACUUM ANALYZE fallout_cases, fallout_occurrences, correction_actions, sla_clocks, analytics_daily, analytics_daily_clocks,
                analytics_daily_corrections, analytics_daily_repeat, analytics_dirty_days
            """, cases, now);
    }

    public static async Task<long> CountCasesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM fallout_cases", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task StepAsync(NpgsqlConnection connection, TextWriter log, string what, string sql, int cases, DateTimeOffset now)
    {
        var watch = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (sql.Contains("@n", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("n", cases);
            command.Parameters.AddWithValue("now", now);
        }
        var rows = await command.ExecuteNonQueryAsync();
        await log.WriteLineAsync($"seed: {what}: {Math.Max(rows, 0):N0} rows in {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
