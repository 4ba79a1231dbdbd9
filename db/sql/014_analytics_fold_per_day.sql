-- Owner: Analytics. Issue 14: the fold of 009_analytics_repeat_rollup.sql, one day at a time and without JIT.
--
-- The fold of 009 joined unnest(folded days) to the live tables. PostgreSQL cannot see through the unnest: it
-- estimated ~110,000 cases where one day holds ~2,700 at 1M cases, so its cost crossed jit_above_cost and every
-- statement paid ~1.2 s of JIT compilation for ~40 ms of execution, and the clocks statement chose a parallel scan of
-- every case instead of key lookups. One dirty day took ~2 s of a core (measured on the 1M-case seed), and the
-- background fold after a burst of commands on old cases (pull-next, the SLA sweep) ran for seconds beside the
-- requests. Now each day is folded with its own bounds as PL/pgSQL variables (custom plans see the real range: index
-- scans, ~2,700 rows) and the function runs with jit = off: ~150 ms per day on the same seed. The same rows: the four
-- rollup tables after a fold of 19 dirty days were compared row by row against the fold of 009
-- (docs/benchmarks-analytics.md); the analytics tests prove the readers' exactness.
CREATE OR REPLACE FUNCTION analytics_fold(p_max_days integer) RETURNS integer LANGUAGE plpgsql SET jit = off AS $fn$
DECLARE
    folded date[];
    d date;
    v_from timestamptz;
    v_to timestamptz;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('analytics_fold')) THEN
        RETURN 0;
    END IF;
    WITH picked AS (SELECT DISTINCT day FROM analytics_dirty_days WHERE day < (now() AT TIME ZONE 'UTC')::date
                     ORDER BY day LIMIT p_max_days),
         taken AS (DELETE FROM analytics_dirty_days l USING picked p WHERE l.day = p.day RETURNING l.day)
    SELECT coalesce(array_agg(DISTINCT day), '{}') INTO folded FROM taken;
    IF cardinality(folded) = 0 THEN
        RETURN 0;
    END IF;

    FOREACH d IN ARRAY folded LOOP
        v_from := d::timestamp AT TIME ZONE 'UTC';
        v_to := (d + 1)::timestamp AT TIME ZONE 'UTC';
        DELETE FROM analytics_daily WHERE day = d;
        DELETE FROM analytics_daily_clocks WHERE day = d;
        DELETE FROM analytics_daily_corrections WHERE day = d;
        DELETE FROM analytics_daily_repeat WHERE day = d;

        INSERT INTO analytics_daily (day, queue, category, cases, occurrences, classified, classify_seconds, resolved,
            resolve_seconds, reopened, automated)
        SELECT d, c.queue, coalesce(c.category, ''), count(*), sum(c.occurrence_count), count(c.classified_at),
               coalesce(sum(extract(epoch FROM c.classified_at - c.created_at)), 0),
               count(c.resolved_at), coalesce(sum(extract(epoch FROM c.resolved_at - c.created_at)), 0),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM fallout_cases p
                    WHERE p.status = 'CLOSED' AND p.service_order_item_id = c.service_order_item_id
                      AND p.failed_step_key = c.failed_step_key AND p.closed_at <= c.created_at)),
               count(*) FILTER (WHERE c.resolved_at IS NOT NULL
                   AND EXISTS (SELECT 1 FROM correction_actions ca WHERE ca.case_id = c.id AND ca.applied_at IS NOT NULL)
                   AND NOT EXISTS (SELECT 1 FROM correction_actions ca
                                    WHERE ca.case_id = c.id AND ca.applied_at IS NOT NULL AND ca.type <> 'RETRY'))
          FROM fallout_cases c
         WHERE c.created_at >= v_from AND c.created_at < v_to
         GROUP BY 2, 3;

        INSERT INTO analytics_daily_clocks (day, queue, category, kind, clocks, breached)
        SELECT d, c.queue, coalesce(c.category, ''), k.kind, count(*),
               count(*) FILTER (WHERE k.breach_notified_at IS NOT NULL OR k.met_at > k.due_at)
          FROM sla_clocks k
          JOIN fallout_cases c ON c.id = k.case_id
         WHERE k.started_at >= v_from AND k.started_at < v_to
           AND (k.met_at IS NOT NULL OR k.breach_notified_at IS NOT NULL)
         GROUP BY 2, 3, 4;

        INSERT INTO analytics_daily_corrections (day, queue, category, type, applied)
        SELECT d, c.queue, coalesce(c.category, ''), ca.type, count(*)
          FROM fallout_cases c
          JOIN correction_actions ca ON ca.case_id = c.id
         WHERE c.created_at >= v_from AND c.created_at < v_to
           AND ca.applied_at IS NOT NULL AND ca.proposed_by NOT LIKE 'system:%'
         GROUP BY 2, 3, 4;

        INSERT INTO analytics_daily_repeat (day, queue, category, dimension, key, cases, occurrences)
        SELECT d, c.queue, coalesce(c.category, ''), g.dimension, g.key, count(*), sum(c.occurrence_count)
          FROM fallout_cases c
         CROSS JOIN LATERAL (VALUES ('reason', c.reason_code), ('targetSystem', c.source_system),
                                    ('product', c.attributes_json ->> 'productCode')) AS g(dimension, key)
         WHERE c.created_at >= v_from AND c.created_at < v_to AND g.key IS NOT NULL
         GROUP BY 2, 3, 4, 5;
    END LOOP;

    RETURN cardinality(folded);
END $fn$;
