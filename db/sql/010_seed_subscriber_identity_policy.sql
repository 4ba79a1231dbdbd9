-- Owner: Corrections. Seed section 29 (duplicate subscriber mismatch): a subscriber's identity in the HSS (IMSI,
-- MSISDN, ICCID, the profile itself) is never overwritten on an operator's word. Such a DATA_CORRECTION, executed by
-- the system holding the data (payload "system", e.g. hss-adapter), is HIGH risk: a checker approves it, and the
-- read-back proving the orphan and the before/after diff are on the case before it is dispatched.
INSERT INTO action_policies (id, name, description, priority, match_category, match_customer_segment,
    match_correction_type, match_payload_field, match_payload_values, match_min_amount, match_min_previous_corrections,
    allowed, risk_level, approval_required, required_evidence, customer_notification_required, escalation_rule,
    active, version, created_at, created_by, updated_at, updated_by)
VALUES
    ('00000000-0000-7000-8000-000000000027', 'data-correction-subscriber-identity', 'Overwrite a subscriber identity in the HSS after the read-back proves the existing one is a stale orphan (seed 29: high risk).', 100, NULL, NULL, 'DATA_CORRECTION', 'field', ARRAY['imsi', 'msisdn', 'iccid', 'subscriberProfile']::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT', 'DATA_DIFF']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed')
ON CONFLICT (id) DO NOTHING;
