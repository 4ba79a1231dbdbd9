-- Undoes 014_analytics_fold_per_day.sql (run by the AnalyticsFoldPerDay migration's Down): the fold of
-- 009_analytics_repeat_rollup.sql, all days in one statement per rollup table.
CREATE OR REPLACE FUNCTION analytics_fold(p_max_days integer) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
    folded date[];
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('analytics_fold')) THEN
        RETURN 0;
    END IF;
    -- Not the current UTC day: every reader computes it live (a period's last day up to now is partial), and under
    -- intake load each fold would recompute all of it again. Its marks wait for the first fold after midnight.
    WITH picked AS (SELECT DISTINCT day FROM analytics_dirty_days WHERE day < (now() AT TIME ZONE 'UTC')::date
                     ORDER BY day LIMIT p_max_days),
         taken AS (DELETE FROM analytics_dirty_days l USING picked p WHERE l.day = p.day RETURNING l.day)
    SELECT coalesce(array_agg(DISTINCT day), '{}') INTO folded FROM taken;
    IF cardinality(folded) = 0 THEN
        RETURN 0;
    END IF;

    DELETE FROM analytics_daily WHERE day = ANY (folded);
    DELETE FROM analytics_daily_clocks WHERE day = ANY (folded);
    DELETE FROM analytics_daily_corrections WHERE day = ANY (folded);
    DELETE FROM analytics_daily_repeat WHERE day = ANY (folded);

    INSERT INTO analytics_daily (day, queue, category, cases, occurrences, classified, classify_seconds, resolved,
        resolve_seconds, reopened, automated)
    SELECT d.day, c.queue, coalesce(c.category, ''), count(*), sum(c.occurrence_count), count(c.classified_at),
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
      FROM unnest(folded) AS d(day)
      JOIN fallout_cases c ON c.created_at >= d.day::timestamp AT TIME ZONE 'UTC'
                          AND c.created_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
     GROUP BY 1, 2, 3;

    INSERT INTO analytics_daily_clocks (day, queue, category, kind, clocks, breached)
    SELECT d.day, c.queue, coalesce(c.category, ''), k.kind, count(*),
           count(*) FILTER (WHERE k.breach_notified_at IS NOT NULL OR k.met_at > k.due_at)
      FROM unnest(folded) AS d(day)
      JOIN sla_clocks k ON k.started_at >= d.day::timestamp AT TIME ZONE 'UTC'
                       AND k.started_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
      JOIN fallout_cases c ON c.id = k.case_id
     WHERE k.met_at IS NOT NULL OR k.breach_notified_at IS NOT NULL
     GROUP BY 1, 2, 3, 4;

    INSERT INTO analytics_daily_corrections (day, queue, category, type, applied)
    SELECT d.day, c.queue, coalesce(c.category, ''), ca.type, count(*)
      FROM unnest(folded) AS d(day)
      JOIN fallout_cases c ON c.created_at >= d.day::timestamp AT TIME ZONE 'UTC'
                          AND c.created_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
      JOIN correction_actions ca ON ca.case_id = c.id
     WHERE ca.applied_at IS NOT NULL AND ca.proposed_by NOT LIKE 'system:%'
     GROUP BY 1, 2, 3, 4;

    INSERT INTO analytics_daily_repeat (day, queue, category, dimension, key, cases, occurrences)
    SELECT d.day, c.queue, coalesce(c.category, ''), g.dimension, g.key, count(*), sum(c.occurrence_count)
      FROM unnest(folded) AS d(day)
      JOIN fallout_cases c ON c.created_at >= d.day::timestamp AT TIME ZONE 'UTC'
                          AND c.created_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
     CROSS JOIN LATERAL (VALUES ('reason', c.reason_code), ('targetSystem', c.source_system),
                                ('product', c.attributes_json ->> 'productCode')) AS g(dimension, key)
     WHERE g.key IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5;

    RETURN cardinality(folded);
END $fn$;
