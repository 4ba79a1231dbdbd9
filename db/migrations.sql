CREATE TABLE IF NOT EXISTS __ef_migrations_history (
    migration_id character varying(150) NOT NULL,
    product_version character varying(32) NOT NULL,
    CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id)
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE action_policies (
        id uuid NOT NULL,
        name character varying(120) NOT NULL,
        description character varying(2000),
        priority integer NOT NULL,
        active boolean NOT NULL,
        version bigint NOT NULL,
        match_category character varying(20),
        match_severity character varying(20),
        match_case_status character varying(40),
        match_service_type character varying(100),
        match_customer_segment character varying(100),
        match_queue character varying(100),
        match_operator_role character varying(100),
        match_correction_type character varying(40),
        match_payload_field character varying(100),
        match_payload_values text[] NOT NULL,
        match_min_amount numeric(18,2),
        match_min_previous_corrections integer,
        allowed boolean NOT NULL,
        risk_level character varying(20) NOT NULL,
        approval_required boolean NOT NULL,
        required_evidence text[] NOT NULL,
        customer_notification_required boolean NOT NULL,
        escalation_rule character varying(40) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        created_by character varying(200) NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        updated_by character varying(200) NOT NULL,
        CONSTRAINT pk_action_policies PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE audit_entries (
        id uuid NOT NULL,
        case_id uuid,
        correction_action_id uuid,
        actor character varying(200) NOT NULL,
        action character varying(100) NOT NULL,
        reason text,
        before_json jsonb,
        after_json jsonb,
        correlation_id character varying(200),
        occurred_at timestamp with time zone NOT NULL,
        chain_seq bigint NOT NULL DEFAULT 0,
        previous_hash character varying(64),
        hash character varying(64),
        CONSTRAINT pk_audit_entries PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE fallout_cases (
        id uuid NOT NULL,
        source_system character varying(100) NOT NULL,
        source_event_id character varying(200) NOT NULL,
        correlation_id character varying(200) NOT NULL,
        customer_id character varying(100),
        customer_segment character varying(100),
        product_order_id character varying(100),
        service_order_id character varying(100),
        service_order_item_id character varying(100),
        impacted_service_id character varying(100),
        resource_id character varying(100),
        category_hint character varying(20),
        severity_hint character varying(20),
        category character varying(20),
        severity character varying(20) NOT NULL,
        status character varying(40) NOT NULL,
        reason_code character varying(100) NOT NULL,
        message character varying(4000) NOT NULL,
        failed_step_key character varying(200),
        resume_point character varying(500),
        order_version bigint,
        occurred_at timestamp with time zone,
        promised_at timestamp with time zone,
        attributes_json jsonb,
        revenue_at_risk_amount numeric(18,2),
        revenue_at_risk_currency character varying(3),
        queue character varying(100) NOT NULL,
        assigned_user character varying(100),
        waiting_for character varying(20),
        waiting_until timestamp with time zone,
        incident_id uuid,
        classified_at timestamp with time zone,
        occurrence_count integer NOT NULL,
        last_occurrence_at timestamp with time zone NOT NULL,
        escalation_level integer NOT NULL,
        sla_due_at timestamp with time zone NOT NULL,
        resolution_decision character varying(20),
        resolution_mode character varying(40),
        resolution_evidence_id uuid,
        resolution_reason character varying(2000),
        resolved_by text,
        resolved_at timestamp with time zone,
        cancellation_reason character varying(2000),
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        first_action_at timestamp with time zone,
        closed_at timestamp with time zone,
        version bigint NOT NULL,
        material_version bigint NOT NULL,
        CONSTRAINT pk_fallout_cases PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE hub_subscriptions (
        id uuid NOT NULL,
        callback character varying(2000) NOT NULL,
        query character varying(2000),
        event_types text[],
        case_id uuid,
        secret character varying(200) NOT NULL,
        created_by character varying(200) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        cursor_transaction_id bigint NOT NULL,
        cursor_position bigint NOT NULL,
        CONSTRAINT pk_hub_subscriptions PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE incidents (
        id uuid NOT NULL,
        title character varying(200) NOT NULL,
        description character varying(4000) NOT NULL,
        affected_target_system character varying(100) NOT NULL,
        started_at timestamp with time zone NOT NULL,
        status character varying(20) NOT NULL,
        rule_source_system character varying(100),
        rule_category character varying(20),
        rule_reason_code character varying(100),
        rule_failed_step_key character varying(200),
        rule_window_start timestamp with time zone,
        rule_window_end timestamp with time zone,
        root_cause character varying(4000),
        resolved_by character varying(200),
        resolved_at timestamp with time zone,
        created_by character varying(200) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        version bigint NOT NULL,
        CONSTRAINT pk_incidents PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE notification_rules (
        code character varying(100) NOT NULL,
        priority integer NOT NULL,
        on_event_type character varying(100),
        on_action character varying(100),
        to_status character varying(40),
        category character varying(20),
        customer_segment character varying(100),
        correction_type character varying(40),
        requires_promise_missed boolean NOT NULL,
        requires_policy_flag boolean NOT NULL DEFAULT FALSE,
        reason character varying(100) NOT NULL,
        template_code character varying(100) NOT NULL,
        channel_preference text[] NOT NULL,
        requires_agent_follow_up boolean NOT NULL,
        enabled boolean NOT NULL,
        CONSTRAINT pk_notification_rules PRIMARY KEY (code)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE outbox_events (
        id uuid NOT NULL,
        event_type character varying(100) NOT NULL,
        case_id uuid,
        occurred_at timestamp with time zone NOT NULL,
        payload_json jsonb NOT NULL,
        CONSTRAINT pk_outbox_events PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE queues (
        code character varying(100) NOT NULL,
        name character varying(200) NOT NULL,
        category character varying(20),
        skill character varying(200) NOT NULL,
        escalation_queue character varying(100),
        assignment_strategy character varying(20) NOT NULL,
        time_zone character varying(100) NOT NULL,
        always_open boolean NOT NULL,
        opens_at time without time zone NOT NULL,
        closes_at time without time zone NOT NULL,
        working_days text[] NOT NULL,
        holidays date[] NOT NULL,
        active boolean NOT NULL,
        version bigint NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_queues PRIMARY KEY (code),
        CONSTRAINT fk_queues_queues_escalation_queue FOREIGN KEY (escalation_queue) REFERENCES queues (code) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE case_tasks (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        task_type character varying(100) NOT NULL,
        instruction character varying(4000) NOT NULL,
        queue character varying(100),
        assigned_user character varying(100),
        mandatory boolean NOT NULL,
        status character varying(20) NOT NULL,
        outcome character varying(4000),
        created_by character varying(200) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        completed_by character varying(200),
        completed_at timestamp with time zone,
        CONSTRAINT pk_case_tasks PRIMARY KEY (id),
        CONSTRAINT fk_case_tasks_fallout_cases_case_id FOREIGN KEY (case_id) REFERENCES fallout_cases (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE correction_actions (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        type character varying(40) NOT NULL,
        status character varying(40) NOT NULL,
        risk_level character varying(20) NOT NULL,
        approval_required boolean NOT NULL,
        required_evidence text[] NOT NULL,
        policy_ref character varying(200),
        payload_json jsonb NOT NULL,
        result_json jsonb,
        reason character varying(2000) NOT NULL,
        idempotency_key character varying(200),
        proposed_by character varying(200) NOT NULL,
        proposed_at timestamp with time zone NOT NULL,
        based_on_version bigint NOT NULL,
        approved_by character varying(200),
        decided_at timestamp with time zone,
        decision_reason character varying(2000),
        applied_by character varying(200),
        applied_at timestamp with time zone,
        CONSTRAINT pk_correction_actions PRIMARY KEY (id),
        CONSTRAINT fk_correction_actions_fallout_cases_case_id FOREIGN KEY (case_id) REFERENCES fallout_cases (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE evidence_items (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        evidence_type character varying(40) NOT NULL,
        source character varying(200) NOT NULL,
        storage_ref character varying(1000),
        checksum character varying(200),
        content_length bigint,
        captured_by character varying(200) NOT NULL,
        captured_at timestamp with time zone NOT NULL,
        customer_visible boolean NOT NULL,
        proves_resolution boolean NOT NULL,
        supersedes_evidence_id uuid,
        CONSTRAINT pk_evidence_items PRIMARY KEY (id),
        CONSTRAINT fk_evidence_items_fallout_cases_case_id FOREIGN KEY (case_id) REFERENCES fallout_cases (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE fallout_occurrences (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        source_system character varying(100) NOT NULL,
        source_event_id character varying(200) NOT NULL,
        correlation_id character varying(200) NOT NULL,
        message character varying(4000) NOT NULL,
        occurred_at timestamp with time zone,
        received_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_fallout_occurrences PRIMARY KEY (id),
        CONSTRAINT fk_fallout_occurrences_fallout_cases_case_id FOREIGN KEY (case_id) REFERENCES fallout_cases (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE resume_tokens (
        token_id uuid NOT NULL,
        case_id uuid NOT NULL,
        service_order_item_id character varying(100) NOT NULL,
        failed_step_key character varying(200) NOT NULL,
        mode character varying(40) NOT NULL,
        evidence_id uuid NOT NULL,
        correction_action_ids uuid[] NOT NULL,
        issued_at timestamp with time zone NOT NULL,
        expires_at timestamp with time zone NOT NULL,
        expected_order_version bigint,
        issued_by character varying(200) NOT NULL,
        status character varying(20) NOT NULL,
        redeemed_at timestamp with time zone,
        redeemed_by character varying(200),
        CONSTRAINT pk_resume_tokens PRIMARY KEY (token_id),
        CONSTRAINT fk_resume_tokens_fallout_cases_case_id FOREIGN KEY (case_id) REFERENCES fallout_cases (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE sla_clocks (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind character varying(30) NOT NULL,
        started_at timestamp with time zone NOT NULL,
        budget interval NOT NULL,
        due_at timestamp with time zone NOT NULL,
        at_risk_at timestamp with time zone NOT NULL,
        paused_total interval NOT NULL,
        paused_since timestamp with time zone,
        met_at timestamp with time zone,
        state character varying(20) NOT NULL,
        at_risk_notified_at timestamp with time zone,
        breach_notified_at timestamp with time zone,
        policy_id uuid,
        CONSTRAINT pk_sla_clocks PRIMARY KEY (id),
        CONSTRAINT fk_sla_clocks_fallout_cases_case_id FOREIGN KEY (case_id) REFERENCES fallout_cases (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE hub_deliveries (
        subscription_id uuid NOT NULL,
        event_id uuid NOT NULL,
        case_id uuid NOT NULL,
        event_position bigint NOT NULL,
        status character varying(20) NOT NULL,
        attempts integer NOT NULL,
        next_attempt_at timestamp with time zone NOT NULL,
        claim_id uuid,
        last_status_code integer,
        last_error character varying(1000),
        created_at timestamp with time zone NOT NULL,
        delivered_at timestamp with time zone,
        dead_lettered_at timestamp with time zone,
        CONSTRAINT pk_hub_deliveries PRIMARY KEY (subscription_id, event_id),
        CONSTRAINT fk_hub_deliveries_hub_subscription_subscription_id FOREIGN KEY (subscription_id) REFERENCES hub_subscriptions (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE recovery_jobs (
        id uuid NOT NULL,
        incident_id uuid NOT NULL,
        action character varying(20) NOT NULL,
        max_concurrency integer NOT NULL,
        failure_threshold numeric(5,4) NOT NULL,
        status character varying(20) NOT NULL,
        total integer NOT NULL,
        done integer NOT NULL,
        skipped integer NOT NULL,
        failed integer NOT NULL,
        stop_reason character varying(500),
        requested_by character varying(200) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        finished_at timestamp with time zone,
        CONSTRAINT pk_recovery_jobs PRIMARY KEY (id),
        CONSTRAINT fk_recovery_jobs_incidents_incident_id FOREIGN KEY (incident_id) REFERENCES incidents (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE classification_rules (
        id uuid NOT NULL,
        priority integer NOT NULL,
        source_system character varying(100),
        category_hint character varying(20),
        reason_code character varying(100),
        failed_step_key character varying(200),
        category character varying(20) NOT NULL,
        severity character varying(20) NOT NULL,
        queue character varying(100) NOT NULL,
        description character varying(500),
        active boolean NOT NULL,
        version bigint NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_classification_rules PRIMARY KEY (id),
        CONSTRAINT fk_classification_rules_queues_queue FOREIGN KEY (queue) REFERENCES queues (code) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE queue_members (
        queue_code character varying(100) NOT NULL,
        user_id character varying(100) NOT NULL,
        skills text[] NOT NULL,
        capacity integer NOT NULL,
        active boolean NOT NULL,
        last_assigned_at timestamp with time zone,
        version bigint NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_queue_members PRIMARY KEY (queue_code, user_id),
        CONSTRAINT fk_queue_members_queues_queue_code FOREIGN KEY (queue_code) REFERENCES queues (code) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE sla_policies (
        id uuid NOT NULL,
        queue character varying(100) NOT NULL,
        severity character varying(20),
        customer_segment character varying(100),
        time_to_classify_minutes integer NOT NULL,
        time_to_assign_minutes integer NOT NULL,
        time_to_first_action_minutes integer NOT NULL,
        time_to_resolve_minutes integer NOT NULL,
        pause_while text[] NOT NULL,
        paused_clocks text[] NOT NULL,
        active boolean NOT NULL,
        version bigint NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_sla_policies PRIMARY KEY (id),
        CONSTRAINT fk_sla_policies_queues_queue FOREIGN KEY (queue) REFERENCES queues (code) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE evidence_contents (
        evidence_id uuid NOT NULL,
        content bytea NOT NULL,
        media_type character varying(200),
        CONSTRAINT pk_evidence_contents PRIMARY KEY (evidence_id),
        CONSTRAINT fk_evidence_contents_evidence_items_evidence_id FOREIGN KEY (evidence_id) REFERENCES evidence_items (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE TABLE recovery_case_outcomes (
        job_id uuid NOT NULL,
        case_id uuid NOT NULL,
        outcome character varying(20) NOT NULL,
        reason character varying(1000),
        problem_code character varying(50),
        correction_action_id uuid,
        at timestamp with time zone NOT NULL,
        CONSTRAINT pk_recovery_case_outcomes PRIMARY KEY (job_id, case_id),
        CONSTRAINT fk_recovery_case_outcomes_recovery_job_job_id FOREIGN KEY (job_id) REFERENCES recovery_jobs (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_promise_missed, template_code, to_status)
    VALUES ('ACTIVATION_DELAYED_PAST_PROMISE', NULL, ARRAY['SMS','EMAIL']::text[], NULL, NULL, TRUE, NULL, 'FalloutCaseBreachedSla', 80, 'ACTIVATION_DELAYED_PAST_PROMISE', FALSE, TRUE, 'ORDER_DELAY_PAST_PROMISE', NULL);
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_promise_missed, template_code, to_status)
    VALUES ('APPOINTMENT_CHANGED', NULL, ARRAY['SMS','EMAIL']::text[], NULL, NULL, TRUE, NULL, NULL, 30, 'INSTALLATION_RESCHEDULE_REQUIRED', TRUE, FALSE, 'ORDER_DELAY_FIELD_ACCESS', 'WAITING_FIELD');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_policy_flag, requires_promise_missed, template_code, to_status)
    VALUES ('CORRECTION_AFFECTS_CUSTOMER', NULL, ARRAY['EMAIL']::text[], NULL, NULL, TRUE, NULL, 'FalloutCorrectionProposed', 90, 'CORRECTION_AFFECTS_CUSTOMER', TRUE, TRUE, FALSE, 'ORDER_CORRECTION_NOTICE', NULL);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_promise_missed, template_code, to_status)
    VALUES ('CUSTOMER_INFORMATION_REQUIRED', NULL, ARRAY['SMS','EMAIL']::text[], NULL, NULL, TRUE, NULL, NULL, 20, 'CUSTOMER_INFORMATION_REQUIRED', TRUE, FALSE, 'CUSTOMER_INFO_REQUEST', 'WAITING_CUSTOMER');
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_promise_missed, template_code, to_status)
    VALUES ('ENTERPRISE_SLA_THREATENED', NULL, ARRAY['EMAIL']::text[], NULL, 'ENTERPRISE', TRUE, NULL, 'FalloutCaseBreachedSla', 70, 'ENTERPRISE_SLA_THREATENED', TRUE, FALSE, 'ENTERPRISE_SLA_NOTICE', NULL);
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_promise_missed, template_code, to_status)
    VALUES ('IDENTITY_VERIFICATION_PENDING', 'COMPLIANCE', ARRAY['SMS','EMAIL']::text[], NULL, NULL, TRUE, 'CASE_WAITING', NULL, 10, 'IDENTITY_VERIFICATION_PENDING', TRUE, FALSE, 'KYC_VERIFICATION_PENDING', NULL);
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_promise_missed, template_code, to_status)
    VALUES ('ORDER_AMENDED', NULL, ARRAY['EMAIL']::text[], 'ORDER_AMENDMENT', NULL, TRUE, 'CORRECTION_APPLIED', NULL, 40, 'ORDER_AMENDED', TRUE, FALSE, 'ORDER_AMENDMENT_NOTICE', NULL);
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_promise_missed, template_code, to_status)
    VALUES ('ORDER_CANCELLED', NULL, ARRAY['EMAIL','SMS']::text[], NULL, NULL, TRUE, NULL, NULL, 50, 'ORDER_CANCELLED', FALSE, FALSE, 'ORDER_CANCELLATION_NOTICE', 'RESOLVED_CANCEL');
    INSERT INTO notification_rules (code, category, channel_preference, correction_type, customer_segment, enabled, on_action, on_event_type, priority, reason, requires_agent_follow_up, requires_promise_missed, template_code, to_status)
    VALUES ('PARTIAL_SERVICE', NULL, ARRAY['EMAIL']::text[], NULL, NULL, TRUE, NULL, NULL, 60, 'PARTIAL_SERVICE_ACTIVE', TRUE, FALSE, 'PARTIAL_ACTIVATION_NOTICE', 'RESOLVED_COMPENSATE');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_action_policies_active_match_correction_type ON action_policies (active, match_correction_type);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE UNIQUE INDEX ix_action_policies_name ON action_policies (name) WHERE active;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_audit_entries_actor_occurred_at ON audit_entries (actor, occurred_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_audit_entries_case_id_chain_seq ON audit_entries (case_id, chain_seq);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_audit_entries_occurred_at ON audit_entries (occurred_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_case_tasks_case_id ON case_tasks (case_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_classification_rules_active_priority ON classification_rules (active, priority);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_classification_rules_queue ON classification_rules (queue);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE UNIQUE INDEX ix_correction_actions_case_id_idempotency_key ON correction_actions (case_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_evidence_items_case_id ON evidence_items (case_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_fallout_cases_assigned_user_sla_due_at_id ON fallout_cases (assigned_user, sla_due_at, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_fallout_cases_incident_id ON fallout_cases (incident_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_fallout_cases_queue_status_sla_due_at_id ON fallout_cases (queue, status, sla_due_at, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_fallout_cases_sla_due_at_id ON fallout_cases (sla_due_at, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE UNIQUE INDEX ix_fallout_cases_source_system_source_event_id ON fallout_cases (source_system, source_event_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE UNIQUE INDEX ux_fallout_cases_open_step ON fallout_cases (service_order_item_id, failed_step_key, reason_code) WHERE status NOT IN ('CLOSED', 'CANCELLED');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_fallout_occurrences_case_id_received_at ON fallout_occurrences (case_id, received_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE UNIQUE INDEX ix_fallout_occurrences_source_system_source_event_id ON fallout_occurrences (source_system, source_event_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_hub_deliveries_case_order ON hub_deliveries (subscription_id, case_id, event_position) WHERE status = 'PENDING';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_hub_deliveries_due ON hub_deliveries (next_attempt_at) WHERE status = 'PENDING';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_hub_deliveries_subscription_id_status ON hub_deliveries (subscription_id, status);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_hub_subscriptions_created_by ON hub_subscriptions (created_by);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_incidents_started_at ON incidents (started_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_incidents_status ON incidents (status);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_outbox_events_case_id ON outbox_events (case_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_queue_members_user_id ON queue_members (user_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_queues_escalation_queue ON queues (escalation_queue);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_recovery_case_outcomes_case_id ON recovery_case_outcomes (case_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_recovery_jobs_incident_id_created_at ON recovery_jobs (incident_id, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_resume_tokens_case_id ON resume_tokens (case_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_sla_clocks_at_risk_due ON sla_clocks (at_risk_at) WHERE met_at IS NULL AND paused_since IS NULL AND at_risk_notified_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_sla_clocks_breach_due ON sla_clocks (due_at) WHERE met_at IS NULL AND paused_since IS NULL AND breach_notified_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE UNIQUE INDEX ix_sla_clocks_case_id_kind ON sla_clocks (case_id, kind);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    CREATE INDEX ix_sla_policies_queue_severity_customer_segment ON sla_policies (queue, severity, customer_segment);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    -- Owner: Audit (audit_entries), Cases (evidence_items, evidence_contents), Events (outbox_events).
    -- Audit, evidence and the outbox are append-only: UPDATE, DELETE and TRUNCATE are refused, even for the service's own
    -- login and for a superuser. Proved by tests/FalloutManagement.IntegrationTests/Cases/PersistenceTests.cs.
    CREATE FUNCTION fallout_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$;

    CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
    CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();

    CREATE TRIGGER evidence_items_append_only BEFORE UPDATE OR DELETE ON evidence_items
        FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
    CREATE TRIGGER evidence_items_no_truncate BEFORE TRUNCATE ON evidence_items
        FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();

    CREATE TRIGGER evidence_contents_append_only BEFORE UPDATE OR DELETE ON evidence_contents
        FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
    CREATE TRIGGER evidence_contents_no_truncate BEFORE TRUNCATE ON evidence_contents
        FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();

    CREATE TRIGGER outbox_events_append_only BEFORE UPDATE OR DELETE ON outbox_events
        FOR EACH ROW EXECUTE FUNCTION fallout_refuse_change();
    CREATE TRIGGER outbox_events_no_truncate BEFORE TRUNCATE ON outbox_events
        FOR EACH STATEMENT EXECUTE FUNCTION fallout_refuse_change();

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    -- Owner: Audit. Each case's audit entries form a SHA-256 hash chain (chain_seq, previous_hash, hash), computed here
    -- under a per-chain advisory lock so concurrent writers cannot fork it; entries without a case share the zero chain.
    -- The canonical form of an entry is a JSON array of its fields in a fixed order: unambiguous, and jsonb snapshots
    -- print their keys in one canonical order. Proved by tests/FalloutManagement.IntegrationTests/Audit/AuditTests.cs.
    CREATE FUNCTION fallout_audit_hash(e audit_entries) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(json_build_array(
            e.id, e.case_id, e.chain_seq, e.correction_action_id, e.actor, e.action, e.reason,
            e.before_json, e.after_json, e.correlation_id,
            to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            e.previous_hash)::text, 'UTF8')), 'hex')
    $$;

    CREATE FUNCTION fallout_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        chain uuid := coalesce(NEW.case_id, '00000000-0000-0000-0000-000000000000');
        last_seq bigint;
        last_hash text;
    BEGIN
        -- One writer per chain at a time, until commit: the next writer then sees this entry.
        PERFORM pg_advisory_xact_lock(hashtextextended('fallout-audit:' || chain::text, 0));
        SELECT a.chain_seq, a.hash INTO last_seq, last_hash
          FROM audit_entries a
         WHERE coalesce(a.case_id, '00000000-0000-0000-0000-000000000000') = chain
         ORDER BY a.chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(last_seq, 0) + 1;
        NEW.previous_hash := coalesce(last_hash, repeat('0', 64));
        NEW.hash := fallout_audit_hash(NEW);
        RETURN NEW;
    END $$;

    CREATE TRIGGER audit_entries_chain BEFORE INSERT ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION fallout_audit_chain();

    CREATE UNIQUE INDEX ux_audit_entries_chain
        ON audit_entries ((coalesce(case_id, '00000000-0000-0000-0000-000000000000')), chain_seq);

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    -- Owner: Events. position orders the feed; transaction_id lets a reader stop before any transaction still in flight
    -- (GET /events returns rows with transaction_id < pg_snapshot_xmin(pg_current_snapshot())).
    -- Proved by tests/FalloutManagement.IntegrationTests/Events/EventFeedTests.cs.
    ALTER TABLE outbox_events ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
    ALTER TABLE outbox_events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id();
    CREATE UNIQUE INDEX ux_outbox_events_position ON outbox_events (position);
    CREATE INDEX ix_outbox_events_transaction ON outbox_events (transaction_id, position);

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    -- Owner: Incidents. A case's incident_id must name an incident (the Cases model does not reference the Incidents
    -- module, so the key is declared here).
    ALTER TABLE fallout_cases
        ADD CONSTRAINT fk_fallout_cases_incidents_incident_id FOREIGN KEY (incident_id) REFERENCES incidents (id);

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    -- Owner: Analytics. The indexes behind /analytics: partial on open cases, so the backlog figures read a small covering
    -- index; covering on created_at, so the period figures read the index only; the reopen look-up over closed cases;
    -- the corrections by case and by proposal time; the clocks by start time (every clock starts at its case's creation,
    -- so the clocks of the cases created in a period are one index-only range scan). Measured in docs/benchmarks-analytics.md.
    CREATE INDEX ix_fallout_cases_open_analytics ON fallout_cases (queue, category, severity, created_at)
        INCLUDE (service_order_id, revenue_at_risk_currency, revenue_at_risk_amount)
        WHERE status NOT IN ('CLOSED', 'CANCELLED');

    CREATE INDEX ix_fallout_cases_created_analytics ON fallout_cases (created_at)
        INCLUDE (queue, category, status, sla_due_at, classified_at, resolved_at, closed_at, service_order_item_id,
                 failed_step_key, occurrence_count, reason_code, source_system, resource_id);

    CREATE INDEX ix_fallout_cases_closed_step ON fallout_cases (service_order_item_id, failed_step_key, closed_at)
        WHERE status = 'CLOSED';

    CREATE INDEX ix_correction_actions_case_id ON correction_actions (case_id);

    CREATE INDEX ix_correction_actions_proposed_analytics ON correction_actions (proposed_at)
        INCLUDE (case_id, type, applied_at, proposed_by);

    CREATE INDEX ix_sla_clocks_started_analytics ON sla_clocks (started_at)
        INCLUDE (kind, due_at, met_at, paused_since, breach_notified_at, case_id);

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    -- Owner: Analytics. The daily rollup (docs/incidents-and-analytics.md, "Daily rollup"). Per UTC day of case creation,
    -- queue and category: the flow counters (analytics_daily), the settled SLA clocks per kind (analytics_daily_clocks) and
    -- the applied manual corrections per type (analytics_daily_corrections). Triggers append the day of every relevant
    -- change to analytics_dirty_days in the writer's transaction; analytics_fold recomputes dirty days and removes their
    -- marks in one transaction. A reader takes a day from the rollup only when no mark for it is visible in its snapshot,
    -- else from the live tables, so figures are exact whether or not the fold has run. The figures' definitions, and why
    -- the fold computes each exactly as the live query does, are in docs/database.md ("Analytics metrics").
    -- Proved by tests/FalloutManagement.IntegrationTests/Analytics/AnalyticsRollupTests.cs.
    CREATE TABLE analytics_daily (
        day date NOT NULL,
        queue text NOT NULL,
        category text NOT NULL,
        cases integer NOT NULL,
        occurrences bigint NOT NULL,
        classified integer NOT NULL,
        classify_seconds double precision NOT NULL,
        resolved integer NOT NULL,
        resolve_seconds double precision NOT NULL,
        reopened integer NOT NULL,
        automated integer NOT NULL,
        CONSTRAINT pk_analytics_daily PRIMARY KEY (day, queue, category));

    CREATE TABLE analytics_daily_clocks (
        day date NOT NULL,
        queue text NOT NULL,
        category text NOT NULL,
        kind text NOT NULL,
        clocks integer NOT NULL,
        breached integer NOT NULL,
        CONSTRAINT pk_analytics_daily_clocks PRIMARY KEY (day, queue, category, kind));

    CREATE TABLE analytics_daily_corrections (
        day date NOT NULL,
        queue text NOT NULL,
        category text NOT NULL,
        type text NOT NULL,
        applied integer NOT NULL,
        CONSTRAINT pk_analytics_daily_corrections PRIMARY KEY (day, queue, category, type));

    CREATE TABLE analytics_dirty_days (
        id bigint GENERATED ALWAYS AS IDENTITY,
        day date NOT NULL,
        CONSTRAINT pk_analytics_dirty_days PRIMARY KEY (id));
    CREATE INDEX ix_analytics_dirty_days_day ON analytics_dirty_days (day);

    -- The clocks whose breach still depends on the time of the question: never in the rollup, counted live.
    CREATE INDEX ix_sla_clocks_unsettled_analytics ON sla_clocks (started_at)
        INCLUDE (kind, due_at, paused_since, case_id) WHERE met_at IS NULL AND breach_notified_at IS NULL;

    CREATE FUNCTION analytics_mark_case_day() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO analytics_dirty_days (day) VALUES ((OLD.created_at AT TIME ZONE 'UTC')::date);
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.created_at IS DISTINCT FROM OLD.created_at) THEN
            INSERT INTO analytics_dirty_days (day) VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date);
        END IF;
        RETURN NULL;
    END $fn$;

    CREATE TRIGGER trg_fallout_cases_analytics_write AFTER INSERT OR DELETE ON fallout_cases
        FOR EACH ROW EXECUTE FUNCTION analytics_mark_case_day();
    CREATE TRIGGER trg_fallout_cases_analytics_update AFTER UPDATE ON fallout_cases FOR EACH ROW
        WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.queue IS DISTINCT FROM NEW.queue
              OR OLD.category IS DISTINCT FROM NEW.category OR OLD.status IS DISTINCT FROM NEW.status
              OR OLD.classified_at IS DISTINCT FROM NEW.classified_at OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
              OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.occurrence_count IS DISTINCT FROM NEW.occurrence_count
              OR OLD.service_order_item_id IS DISTINCT FROM NEW.service_order_item_id
              OR OLD.failed_step_key IS DISTINCT FROM NEW.failed_step_key)
        EXECUTE FUNCTION analytics_mark_case_day();

    -- Only settled clocks (met, or marked breached) are in the rollup, so only they mark their day.
    CREATE FUNCTION analytics_mark_clock_day() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
        IF TG_OP <> 'INSERT' AND (OLD.met_at IS NOT NULL OR OLD.breach_notified_at IS NOT NULL) THEN
            INSERT INTO analytics_dirty_days (day) VALUES ((OLD.started_at AT TIME ZONE 'UTC')::date);
        END IF;
        IF TG_OP <> 'DELETE' AND (NEW.met_at IS NOT NULL OR NEW.breach_notified_at IS NOT NULL) THEN
            INSERT INTO analytics_dirty_days (day) VALUES ((NEW.started_at AT TIME ZONE 'UTC')::date);
        END IF;
        RETURN NULL;
    END $fn$;

    CREATE TRIGGER trg_sla_clocks_analytics_write AFTER INSERT OR DELETE ON sla_clocks
        FOR EACH ROW EXECUTE FUNCTION analytics_mark_clock_day();
    CREATE TRIGGER trg_sla_clocks_analytics_update AFTER UPDATE ON sla_clocks FOR EACH ROW
        WHEN (OLD.started_at IS DISTINCT FROM NEW.started_at OR OLD.case_id IS DISTINCT FROM NEW.case_id
              OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.due_at IS DISTINCT FROM NEW.due_at
              OR OLD.met_at IS DISTINCT FROM NEW.met_at OR OLD.breach_notified_at IS DISTINCT FROM NEW.breach_notified_at)
        EXECUTE FUNCTION analytics_mark_clock_day();

    -- Only applied corrections count, so only they mark the day of their case.
    CREATE FUNCTION analytics_mark_correction_day() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.applied_at IS NOT NULL THEN
            INSERT INTO analytics_dirty_days (day)
            SELECT (c.created_at AT TIME ZONE 'UTC')::date FROM fallout_cases c WHERE c.id = OLD.case_id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.applied_at IS NOT NULL THEN
            INSERT INTO analytics_dirty_days (day)
            SELECT (c.created_at AT TIME ZONE 'UTC')::date FROM fallout_cases c WHERE c.id = NEW.case_id;
        END IF;
        RETURN NULL;
    END $fn$;

    CREATE TRIGGER trg_correction_actions_analytics_write AFTER INSERT OR DELETE ON correction_actions
        FOR EACH ROW EXECUTE FUNCTION analytics_mark_correction_day();
    CREATE TRIGGER trg_correction_actions_analytics_update AFTER UPDATE ON correction_actions FOR EACH ROW
        WHEN (OLD.applied_at IS DISTINCT FROM NEW.applied_at OR OLD.type IS DISTINCT FROM NEW.type
              OR OLD.proposed_by IS DISTINCT FROM NEW.proposed_by OR OLD.case_id IS DISTINCT FROM NEW.case_id)
        EXECUTE FUNCTION analytics_mark_correction_day();

    -- Folds up to p_max_days dirty days: takes (deletes) the marks visible now, recomputes those days from the
    -- live tables, all in the caller's transaction. A mark written by a transaction not yet committed is not
    -- taken, so its day is folded again later. One fold at a time (advisory lock); returns the days folded.
    CREATE FUNCTION analytics_fold(p_max_days integer) RETURNS integer LANGUAGE plpgsql AS $fn$
    DECLARE
        folded date[];
    BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('analytics_fold')) THEN
            RETURN 0;
        END IF;
        WITH picked AS (SELECT DISTINCT day FROM analytics_dirty_days ORDER BY day LIMIT p_max_days),
             taken AS (DELETE FROM analytics_dirty_days l USING picked p WHERE l.day = p.day RETURNING l.day)
        SELECT coalesce(array_agg(DISTINCT day), '{}') INTO folded FROM taken;
        IF cardinality(folded) = 0 THEN
            RETURN 0;
        END IF;

        DELETE FROM analytics_daily WHERE day = ANY (folded);
        DELETE FROM analytics_daily_clocks WHERE day = ANY (folded);
        DELETE FROM analytics_daily_corrections WHERE day = ANY (folded);

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

        RETURN cardinality(folded);
    END $fn$;

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    -- Owner: Corrections. The action policy that ships: a default per correction type and the seed's high-risk list as
    -- HIGH/CRITICAL with approval. Admins change it through /action-policies; the rows carry fixed ids so every
    -- environment names them alike. docs/corrections.md shows the matrix.
    INSERT INTO action_policies (id, name, description, priority, match_category, match_customer_segment,
        match_correction_type, match_payload_field, match_payload_values, match_min_amount, match_min_previous_corrections,
        allowed, risk_level, approval_required, required_evidence, customer_notification_required, escalation_rule,
        active, version, created_at, created_by, updated_at, updated_by)
    VALUES
        ('00000000-0000-7000-8000-000000000001', 'retry-default', 'Retry the failed automated step once its cause is fixed (seed 11.1). Low risk; repeated retries are rate-limited.', 0, NULL, NULL, 'RETRY', NULL, '{}'::text[], NULL, NULL, TRUE, 'LOW', FALSE, '{}'::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000002', 'data-correction-default', 'Correct wrong order or configuration data, with a before/after diff (seed 11.2).', 0, NULL, NULL, 'DATA_CORRECTION', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, ARRAY['DATA_DIFF']::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000003', 'data-correction-billing-account', 'Change a billing account (seed 12: high risk).', 100, NULL, NULL, 'DATA_CORRECTION', 'field', ARRAY['billingAccountId', 'billingAccount']::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['DATA_DIFF', 'DOCUMENT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000004', 'data-correction-kyc-and-sensitive-customer-data', 'Alter KYC, fraud-hold or audit-sensitive customer data (seed 12: high risk).', 100, NULL, NULL, 'DATA_CORRECTION', 'field', ARRAY['kycStatus', 'kycDocumentId', 'identityNumber', 'customerName', 'dateOfBirth', 'fraudHold', 'creditHold']::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['DATA_DIFF', 'DOCUMENT']::text[], FALSE, 'FRAUD_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000005', 'data-correction-lawful-intercept', 'Modify a lawful-intercept related restriction (seed 12: critical).', 110, NULL, NULL, 'DATA_CORRECTION', 'field', ARRAY['lawfulInterceptRestriction', 'lawfulInterceptFlag']::text[], NULL, NULL, TRUE, 'CRITICAL', TRUE, ARRAY['DATA_DIFF', 'DOCUMENT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000006', 'resource-reallocation-default', 'Replace a resource and quarantine the old one (seed 11.3).', 0, NULL, NULL, 'RESOURCE_REALLOCATION', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000007', 'resource-reallocation-release', 'Release the old resource, which may still be assigned to an active service (seed 12: high risk).', 100, NULL, NULL, 'RESOURCE_REALLOCATION', 'oldResourceDisposition', ARRAY['RELEASE']::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000008', 'manual-provisioning-default', 'A change in a vendor console or NMS with exact parameters, evidence and read-back (seed 11.4).', 0, NULL, NULL, 'MANUAL_PROVISIONING', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000009', 'manual-provisioning-enterprise', 'Manually activate an enterprise service (seed 12: high risk).', 100, NULL, 'ENTERPRISE', 'MANUAL_PROVISIONING', NULL, '{}'::text[], NULL, NULL, TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000010', 'order-amendment-default', 'Amend the order when its intent cannot be fulfilled, with the customer''s confirmation (seed 11.5).', 0, NULL, NULL, 'ORDER_AMENDMENT', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, ARRAY['CUSTOMER_CONFIRMATION']::text[], TRUE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000011', 'order-amendment-repeated', 'After two amendments (e.g. missed appointments) customer care decides (seed 30).', 100, NULL, NULL, 'ORDER_AMENDMENT', NULL, '{}'::text[], NULL, 2, TRUE, 'HIGH', TRUE, ARRAY['CUSTOMER_CONFIRMATION']::text[], TRUE, 'CUSTOMER_CARE_DECISION', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000012', 'cancellation-default', 'Cancel the item or order; resources, charging and the customer are considered (seed 11.6).', 0, NULL, NULL, 'CANCELLATION', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, '{}'::text[], TRUE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000013', 'compensation-default', 'Corrective action after a side effect happened (seed 11.7).', 0, NULL, NULL, 'COMPENSATION', NULL, '{}'::text[], NULL, NULL, TRUE, 'MEDIUM', FALSE, '{}'::text[], TRUE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000014', 'compensation-large-refund-or-credit', 'A large refund or credit adjustment (seed 12: high risk). The threshold is in the payload''s currency.', 100, NULL, NULL, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 1000000, NULL, TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000015', 'force-complete-default', 'Mark a step done without the automation (seed 32.2): always a checker and read-back evidence.', 0, NULL, NULL, 'FORCE_COMPLETE', NULL, '{}'::text[], NULL, NULL, TRUE, 'CRITICAL', TRUE, ARRAY['READ_BACK_SNAPSHOT', 'SYNTHETIC_TEST_RESULT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000016', 'billing-no-force-complete', 'Never force-complete while charging control is missing: revenue leakage (seed 31).', 150, 'BILLING', NULL, 'FORCE_COMPLETE', NULL, '{}'::text[], NULL, NULL, FALSE, 'CRITICAL', TRUE, ARRAY['READ_BACK_SNAPSHOT']::text[], FALSE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000017', 'compliance-override', 'Any correction on a compliance, fraud or credit hold overrides it (seed 12: critical).', 200, 'COMPLIANCE', NULL, NULL, NULL, '{}'::text[], NULL, NULL, TRUE, 'CRITICAL', TRUE, ARRAY['DOCUMENT']::text[], FALSE, 'FRAUD_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed')
    ON CONFLICT (id) DO NOTHING;

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    -- Owner: Queues. The reference data a new database starts with: the eight queues with their calendars and strategies,
    -- classification rules for the seed's taxonomy, and SLA policies per queue, severity and segment. Admins change all
    -- of it through the API afterwards.
    INSERT INTO queues (code, name, category, skill, escalation_queue, assignment_strategy, time_zone, always_open,
                        opens_at, closes_at, working_days, holidays, active, version, updated_at)
    VALUES
        ('FALLOUT_TRIAGE', 'Fallout triage', NULL, 'triage', NULL, 'MANUAL_PULL',
         'Asia/Jakarta', TRUE, '00:00', '23:59', '{}', '{}', TRUE, 1, now()),
        ('FULFILLMENT_DATA_FIX', 'Fulfillment data fix', 'DATA', 'order/catalog/data analyst', NULL, 'LEAST_LOADED',
         'Asia/Jakarta', FALSE, '08:00', '17:00', '{Monday,Tuesday,Wednesday,Thursday,Friday}',
         '{2026-12-25,2027-01-01,2027-08-17,2027-12-25}', TRUE, 1, now()),
        ('RESOURCE_CONTROL', 'Resource control', 'RESOURCE', 'inventory operations', NULL, 'ROUND_ROBIN',
         'Asia/Jakarta', TRUE, '00:00', '23:59', '{}', '{}', TRUE, 1, now()),
        ('MOBILE_ACTIVATION_L2', 'Mobile activation L2', 'ACTIVATION', 'mobile core provisioning', NULL, 'SKILL_BASED',
         'Asia/Jakarta', TRUE, '00:00', '23:59', '{}', '{}', TRUE, 1, now()),
        ('FIXED_FIELD_SUPPORT', 'Fixed field support', 'FIELD', 'field operations', NULL, 'LEAST_LOADED',
         'Asia/Jakarta', FALSE, '07:00', '19:00', '{Monday,Tuesday,Wednesday,Thursday,Friday,Saturday}',
         '{2026-12-25,2027-01-01,2027-08-17,2027-12-25}', TRUE, 1, now()),
        ('PARTNER_WHOLESALE', 'Partner wholesale', 'PARTNER', 'wholesale operations', NULL, 'MANUAL_PULL',
         'Asia/Jakarta', FALSE, '08:00', '17:00', '{Monday,Tuesday,Wednesday,Thursday,Friday}',
         '{2026-12-25,2027-01-01,2027-08-17,2027-12-25}', TRUE, 1, now()),
        ('BILLING_RA', 'Billing and revenue assurance', 'BILLING', 'billing / revenue assurance', NULL, 'ROUND_ROBIN',
         'Asia/Jakarta', FALSE, '08:00', '17:00', '{Monday,Tuesday,Wednesday,Thursday,Friday}',
         '{2026-12-25,2027-01-01,2027-08-17,2027-12-25}', TRUE, 1, now()),
        ('FRAUD_REVIEW', 'Fraud review', 'COMPLIANCE', 'fraud analyst', NULL, 'MANUAL_PULL',
         'Asia/Jakarta', TRUE, '00:00', '23:59', '{}', '{}', TRUE, 1, now());

    -- Revenue leakage that breaches its SLA goes to the fraud analysts; the others escalate in place
    -- (severity one step up, the supervisors see the breach).
    UPDATE queues SET escalation_queue = 'FRAUD_REVIEW' WHERE code = 'BILLING_RA';

    INSERT INTO classification_rules (id, priority, source_system, category_hint, reason_code, failed_step_key,
                                      category, severity, queue, description, active, version, updated_at)
    SELECT gen_random_uuid(), r.*, TRUE, 1, now() FROM (VALUES
        (100, NULL, NULL, 'MISSING_CUSTOMER_DATA', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): missing customer data'),
        (100, NULL, NULL, 'INCONSISTENT_IDENTITY', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): inconsistent identity'),
        (100, NULL, NULL, 'INVALID_ADDRESS', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): invalid address'),
        (100, NULL, NULL, 'INVALID_CATALOG_CONFIGURATION', NULL, 'DATA', 'HIGH', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): invalid catalog configuration'),
        (100, NULL, NULL, 'PRODUCT_SERVICE_MISMATCH', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): product service mismatch'),
        (100, NULL, NULL, 'WRONG_RESOURCE_REFERENCE', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): wrong resource reference'),
        (100, NULL, NULL, 'DUPLICATE_ACCOUNT', NULL, 'DATA', 'LOW', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): duplicate account'),
        (100, NULL, NULL, 'INVALID_ENTERPRISE_HIERARCHY', NULL, 'DATA', 'MEDIUM', 'FULFILLMENT_DATA_FIX', 'Seed taxonomy (lesson §5): invalid enterprise hierarchy'),
        (1000, NULL, 'DATA', NULL, NULL, 'DATA', 'LOW', 'FULFILLMENT_DATA_FIX', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
        (100, NULL, NULL, 'NO_AVAILABLE_MSISDN', NULL, 'RESOURCE', 'HIGH', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): no available msisdn'),
        (100, NULL, NULL, 'NO_AVAILABLE_PORT', NULL, 'RESOURCE', 'HIGH', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): no available port'),
        (100, NULL, NULL, 'STATIC_IP_CONFLICT', NULL, 'RESOURCE', 'HIGH', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): static ip conflict'),
        (100, NULL, NULL, 'RESERVED_RESOURCE_EXPIRED', NULL, 'RESOURCE', 'MEDIUM', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): reserved resource expired'),
        (100, NULL, NULL, 'RESOURCE_ALREADY_ACTIVE', NULL, 'RESOURCE', 'HIGH', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): resource already active'),
        (100, NULL, NULL, 'RESOURCE_IN_QUARANTINE', NULL, 'RESOURCE', 'MEDIUM', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): resource in quarantine'),
        (100, NULL, NULL, 'INVENTORY_MISMATCH', NULL, 'RESOURCE', 'MEDIUM', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): inventory mismatch'),
        (100, NULL, NULL, 'RESOURCE_RELATIONSHIP_CONFLICT', NULL, 'RESOURCE', 'MEDIUM', 'RESOURCE_CONTROL', 'Seed taxonomy (lesson §5): resource relationship conflict'),
        (1000, NULL, 'RESOURCE', NULL, NULL, 'RESOURCE', 'LOW', 'RESOURCE_CONTROL', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
        (100, NULL, NULL, 'DUPLICATE_SUBSCRIBER_MISMATCH', NULL, 'ACTIVATION', 'HIGH', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): duplicate subscriber mismatch'),
        (100, NULL, NULL, 'VENDOR_VALIDATION_ERROR', NULL, 'ACTIVATION', 'MEDIUM', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): vendor validation error'),
        (100, NULL, NULL, 'ACTIVATION_TIMEOUT', NULL, 'ACTIVATION', 'MEDIUM', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): activation timeout'),
        (100, NULL, NULL, 'UNKNOWN_ACTIVATION_STATE', NULL, 'ACTIVATION', 'HIGH', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): unknown activation state'),
        (100, NULL, NULL, 'PARTIAL_ACTIVATION', NULL, 'ACTIVATION', 'HIGH', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): partial activation'),
        (100, NULL, NULL, 'TARGET_SYSTEM_REJECT', NULL, 'ACTIVATION', 'MEDIUM', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): target system reject'),
        (100, NULL, NULL, 'UNSUPPORTED_COMMAND', NULL, 'ACTIVATION', 'LOW', 'MOBILE_ACTIVATION_L2', 'Seed taxonomy (lesson §5): unsupported command'),
        (1000, NULL, 'ACTIVATION', NULL, NULL, 'ACTIVATION', 'LOW', 'MOBILE_ACTIVATION_L2', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
        (100, NULL, NULL, 'TECHNICIAN_NO_SHOW', NULL, 'FIELD', 'MEDIUM', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): technician no show'),
        (100, NULL, NULL, 'CUSTOMER_NO_ACCESS', NULL, 'FIELD', 'LOW', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): customer no access'),
        (100, NULL, NULL, 'WRONG_SITE', NULL, 'FIELD', 'MEDIUM', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): wrong site'),
        (100, NULL, NULL, 'PORT_NOT_AVAILABLE_ON_SITE', NULL, 'FIELD', 'HIGH', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): port not available on site'),
        (100, NULL, NULL, 'ONT_SERIAL_MISMATCH', NULL, 'FIELD', 'MEDIUM', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): ont serial mismatch'),
        (100, NULL, NULL, 'INSTALLATION_FAILED', NULL, 'FIELD', 'MEDIUM', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): installation failed'),
        (100, NULL, NULL, 'SAFETY_CONSTRAINT', NULL, 'FIELD', 'HIGH', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): safety constraint'),
        (100, NULL, NULL, 'ORDER_DELAY_FIELD_ACCESS', NULL, 'FIELD', 'LOW', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): order delay field access'),
        (100, NULL, NULL, 'INSTALLATION_RESCHEDULE_REQUIRED', NULL, 'FIELD', 'LOW', 'FIXED_FIELD_SUPPORT', 'Seed taxonomy (lesson §5): installation reschedule required'),
        (1000, NULL, 'FIELD', NULL, NULL, 'FIELD', 'LOW', 'FIXED_FIELD_SUPPORT', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
        (100, NULL, NULL, 'MVNO_HOST_REJECT', NULL, 'PARTNER', 'HIGH', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): mvno host reject'),
        (100, NULL, NULL, 'WHOLESALE_PROVIDER_DELAY', NULL, 'PARTNER', 'MEDIUM', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): wholesale provider delay'),
        (100, NULL, NULL, 'INTER_PROVIDER_ORDER_MISMATCH', NULL, 'PARTNER', 'MEDIUM', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): inter provider order mismatch'),
        (100, NULL, NULL, 'PARTNER_API_TIMEOUT', NULL, 'PARTNER', 'MEDIUM', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): partner api timeout'),
        (100, NULL, NULL, 'PARTNER_SLA_BREACH', NULL, 'PARTNER', 'HIGH', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): partner sla breach'),
        (100, NULL, NULL, 'SETTLEMENT_ACCOUNT_MISMATCH', NULL, 'PARTNER', 'LOW', 'PARTNER_WHOLESALE', 'Seed taxonomy (lesson §5): settlement account mismatch'),
        (1000, NULL, 'PARTNER', NULL, NULL, 'PARTNER', 'LOW', 'PARTNER_WHOLESALE', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
        (100, NULL, NULL, 'CHARGING_PROFILE_MISSING', NULL, 'BILLING', 'HIGH', 'BILLING_RA', 'Seed taxonomy (lesson §5): charging profile missing'),
        (100, NULL, NULL, 'CHARGING_BUCKET_MISSING', NULL, 'BILLING', 'HIGH', 'BILLING_RA', 'Seed taxonomy (lesson §5): charging bucket missing'),
        (100, NULL, NULL, 'RATING_PROFILE_UNAVAILABLE', NULL, 'BILLING', 'HIGH', 'BILLING_RA', 'Seed taxonomy (lesson §5): rating profile unavailable'),
        (100, NULL, NULL, 'BILL_ACCOUNT_MISMATCH', NULL, 'BILLING', 'MEDIUM', 'BILLING_RA', 'Seed taxonomy (lesson §5): bill account mismatch'),
        (100, NULL, NULL, 'INVOICE_HOLD', NULL, 'BILLING', 'MEDIUM', 'BILLING_RA', 'Seed taxonomy (lesson §5): invoice hold'),
        (100, NULL, NULL, 'TAX_PROFILE_MISSING', NULL, 'BILLING', 'MEDIUM', 'BILLING_RA', 'Seed taxonomy (lesson §5): tax profile missing'),
        (100, NULL, NULL, 'PREPAID_BALANCE_CREATION_FAILED', NULL, 'BILLING', 'HIGH', 'BILLING_RA', 'Seed taxonomy (lesson §5): prepaid balance creation failed'),
        (1000, NULL, 'BILLING', NULL, NULL, 'BILLING', 'LOW', 'BILLING_RA', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
        (100, NULL, NULL, 'KYC_INCOMPLETE', NULL, 'COMPLIANCE', 'MEDIUM', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): kyc incomplete'),
        (100, NULL, NULL, 'FRAUD_SCORE_HIGH', NULL, 'COMPLIANCE', 'HIGH', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): fraud score high'),
        (100, NULL, NULL, 'SANCTIONS_LIST_HIT', NULL, 'COMPLIANCE', 'CRITICAL', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): sanctions list hit'),
        (100, NULL, NULL, 'BLACKLIST_HIT', NULL, 'COMPLIANCE', 'HIGH', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): blacklist hit'),
        (100, NULL, NULL, 'CREDIT_CHECK_PENDING', NULL, 'COMPLIANCE', 'LOW', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): credit check pending'),
        (100, NULL, NULL, 'LAWFUL_INTERCEPT_RESTRICTION', NULL, 'COMPLIANCE', 'CRITICAL', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): lawful intercept restriction'),
        (100, NULL, NULL, 'CONSENT_MISSING', NULL, 'COMPLIANCE', 'MEDIUM', 'FRAUD_REVIEW', 'Seed taxonomy (lesson §5): consent missing'),
        (1000, NULL, 'COMPLIANCE', NULL, NULL, 'COMPLIANCE', 'LOW', 'FRAUD_REVIEW', 'Fallback: the source''s category hint picks the category''s queue (the hint may raise the severity)'),
        (200, NULL, NULL, 'HLR_%', NULL, 'ACTIVATION', 'MEDIUM', 'MOBILE_ACTIVATION_L2', 'Pattern: any HLR_* reject from the mobile core'),
        (200, NULL, NULL, 'PARTNER_%', NULL, 'PARTNER', 'MEDIUM', 'PARTNER_WHOLESALE', 'Pattern: any PARTNER_* reason'),
        (50, 'activation-service', NULL, 'DUPLICATE_SUBSCRIBER_MISMATCH', 'ProvisionMobileSubscriber', 'ACTIVATION', 'HIGH', 'MOBILE_ACTIVATION_L2', 'The seed''s worked example, pinned by source and failed step')
    ) AS r(priority, source_system, category_hint, reason_code, failed_step_key, category, severity, queue, description);

    -- Durations are working minutes in the queue's calendar. ENTERPRISE customers get half of each. The first-action and
    -- resolve clocks pause while the case waits on the customer, a partner or an incident (nobody in operations can speed
    -- those up).
    INSERT INTO sla_policies (id, queue, severity, customer_segment, time_to_classify_minutes, time_to_assign_minutes,
                              time_to_first_action_minutes, time_to_resolve_minutes, pause_while, paused_clocks,
                              active, version, updated_at)
    SELECT gen_random_uuid(), q.code, d.severity, s.segment,
           d.classify / s.divisor, d.assign / s.divisor, d.first_action / s.divisor, d.resolve / s.divisor,
           '{WAITING_CUSTOMER,WAITING_PARTNER,WAITING_INCIDENT}', '{TIME_TO_FIRST_ACTION,TIME_TO_RESOLVE}', TRUE, 1, now()
      FROM queues q
     CROSS JOIN (VALUES ('CRITICAL', 15, 30, 60, 240),
                        ('HIGH', 30, 60, 120, 480),
                        ('MEDIUM', 60, 240, 480, 1440),
                        ('LOW', 240, 480, 1440, 4320)) AS d(severity, classify, assign, first_action, resolve)
     CROSS JOIN (VALUES (NULL, 1), ('ENTERPRISE', 2)) AS s(segment, divisor);

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129114823_InitialCreate') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261129114823_InitialCreate', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129122112_WorkListIndexAndRepeatRollup') THEN
    CREATE INDEX ix_fallout_cases_queue_sla_due_at_id ON fallout_cases (queue, sla_due_at, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129122112_WorkListIndexAndRepeatRollup') THEN
    -- Owner: Analytics. Issue 14 (docs/benchmarks-analytics.md): the repeat-fallout rollup and a fold that leaves the
    -- current day alone. Runs after 006_analytics_rollup.sql, whose design it keeps (dirty marks, exact readers).
    --
    -- analytics_daily_repeat: per UTC day of case creation, queue and category, the cases and occurrences of each reason,
    -- target (source) system and product code, for /analytics/repeat-fallout. The resource dimension (~20k keys, as many
    -- rows as cases) is not rolled up: it is one live aggregate over the period's cases.
    CREATE TABLE analytics_daily_repeat (
        day date NOT NULL,
        queue text NOT NULL,
        category text NOT NULL,
        dimension text NOT NULL,
        key text NOT NULL,
        cases integer NOT NULL,
        occurrences bigint NOT NULL,
        CONSTRAINT pk_analytics_daily_repeat PRIMARY KEY (day, queue, category, dimension, key));

    -- A case's day is dirty also when a column the repeat-fallout rollup groups by changes.
    DROP TRIGGER trg_fallout_cases_analytics_update ON fallout_cases;
    CREATE TRIGGER trg_fallout_cases_analytics_update AFTER UPDATE ON fallout_cases FOR EACH ROW
        WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.queue IS DISTINCT FROM NEW.queue
              OR OLD.category IS DISTINCT FROM NEW.category OR OLD.status IS DISTINCT FROM NEW.status
              OR OLD.classified_at IS DISTINCT FROM NEW.classified_at OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
              OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.occurrence_count IS DISTINCT FROM NEW.occurrence_count
              OR OLD.service_order_item_id IS DISTINCT FROM NEW.service_order_item_id
              OR OLD.failed_step_key IS DISTINCT FROM NEW.failed_step_key
              OR OLD.reason_code IS DISTINCT FROM NEW.reason_code OR OLD.source_system IS DISTINCT FROM NEW.source_system
              OR OLD.resource_id IS DISTINCT FROM NEW.resource_id OR OLD.attributes_json IS DISTINCT FROM NEW.attributes_json)
        EXECUTE FUNCTION analytics_mark_case_day();

    -- The fold also fills analytics_daily_repeat, and folds only days before the current UTC day.
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

    -- The cases already there: every day is dirty until the next folds have filled analytics_daily_repeat.
    INSERT INTO analytics_dirty_days (day)
    SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM fallout_cases;

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129122112_WorkListIndexAndRepeatRollup') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261129122112_WorkListIndexAndRepeatRollup', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129125433_PolicyFixes') THEN
    ALTER TABLE action_policies ADD match_currencies text[] NOT NULL DEFAULT ('{}'::text[]);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129125433_PolicyFixes') THEN
    ALTER TABLE action_policies ADD match_min_risk_level character varying(20);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129125433_PolicyFixes') THEN
    ALTER TABLE action_policies ADD match_reason_codes text[] NOT NULL DEFAULT ('{}'::text[]);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129125433_PolicyFixes') THEN
    CREATE INDEX ix_correction_actions_retries_by_proposer ON correction_actions (proposed_by, proposed_at) WHERE type = 'RETRY';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129125433_PolicyFixes') THEN
    -- Policy fixes (issue 11): the large-refund threshold per currency (it was 1,000,000 in any currency), a refund in a
    -- currency without a threshold treated as large, subscriber profile deletion and premium MSISDN swaps high risk.
    -- Policies are deactivated, never deleted: corrections keep pointing at the policy that decided them.
    UPDATE action_policies SET active = FALSE, version = version + 1, updated_at = now(), updated_by = 'system:seed'
     WHERE id = '00000000-0000-7000-8000-000000000014' AND active;

    INSERT INTO action_policies (id, name, description, priority, match_correction_type, match_payload_field, match_payload_values,
        match_min_amount, match_currencies, allowed, risk_level, approval_required, required_evidence, customer_notification_required,
        escalation_rule, active, version, created_at, created_by, updated_at, updated_by)
    VALUES
        ('00000000-0000-7000-8000-000000000018', 'compensation-large-refund-idr', 'A refund or credit of IDR 1,000,000 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 1000000, ARRAY['IDR']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000019', 'compensation-large-refund-usd', 'A refund or credit of USD 500 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 500, ARRAY['USD']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000020', 'compensation-large-refund-eur', 'A refund or credit of EUR 500 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 500, ARRAY['EUR']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000021', 'compensation-large-refund-sgd', 'A refund or credit of SGD 700 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 700, ARRAY['SGD']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000022', 'compensation-large-refund-myr', 'A refund or credit of MYR 2,500 or more (seed 12: high risk).', 100, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 2500, ARRAY['MYR']::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000023', 'compensation-refund-below-threshold', 'A refund or credit below its currency''s threshold: as any compensation.', 95, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 0, ARRAY['IDR', 'USD', 'EUR', 'SGD', 'MYR']::text[], TRUE, 'MEDIUM', FALSE, '{}'::text[], TRUE, 'NONE', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000024', 'compensation-refund-unknown-currency', 'A refund or credit in a currency without a threshold: treated as large.', 90, 'COMPENSATION', 'kind', ARRAY['REFUND', 'CREDIT_ADJUSTMENT']::text[], 0, '{}'::text[], TRUE, 'HIGH', TRUE, ARRAY['DOCUMENT']::text[], TRUE, 'REVENUE_ASSURANCE_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000025', 'subscriber-profile-delete', 'Delete a subscriber profile (seed 12: high risk): parameters.operation of a manual provisioning.', 110, 'MANUAL_PROVISIONING', 'parameters.operation', ARRAY['DELETE_SUBSCRIBER', 'DELETE_SUBSCRIBER_PROFILE']::text[], NULL, '{}'::text[], TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT', 'DOCUMENT']::text[], FALSE, 'NOTIFY_SUPERVISOR', TRUE, 1, now(), 'system:seed', now(), 'system:seed'),
        ('00000000-0000-7000-8000-000000000026', 'premium-msisdn-swap', 'Swap a premium MSISDN (seed 28): the reallocation''s resourceClass, as resource inventory names it.', 120, 'RESOURCE_REALLOCATION', 'resourceClass', ARRAY['PREMIUM_MSISDN', 'GOLDEN_MSISDN', 'VANITY_MSISDN']::text[], NULL, '{}'::text[], TRUE, 'HIGH', TRUE, ARRAY['READ_BACK_SNAPSHOT', 'DOCUMENT']::text[], FALSE, 'FRAUD_REVIEW', TRUE, 1, now(), 'system:seed', now(), 'system:seed')
    ON CONFLICT (id) DO NOTHING;

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129125433_PolicyFixes') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261129125433_PolicyFixes', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129131431_CaseContext') THEN
    ALTER TABLE fallout_cases ADD context jsonb;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129131431_CaseContext') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261129131431_CaseContext', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129131457_NotificationRulesMatchEventTypes') THEN
    ALTER TABLE notification_rules DROP COLUMN on_action;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129131457_NotificationRulesMatchEventTypes') THEN
    ALTER TABLE notification_rules ADD into_waiting boolean NOT NULL DEFAULT FALSE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129131457_NotificationRulesMatchEventTypes') THEN
    UPDATE notification_rules SET into_waiting = TRUE, on_event_type = 'FalloutCaseStateChanged'
    WHERE code = 'IDENTITY_VERIFICATION_PENDING';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129131457_NotificationRulesMatchEventTypes') THEN
    UPDATE notification_rules SET on_event_type = 'FalloutCorrectionApplied'
    WHERE code = 'ORDER_AMENDED';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129131457_NotificationRulesMatchEventTypes') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261129131457_NotificationRulesMatchEventTypes', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE fallout_cases ADD waiting_party character varying(100);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD command_id uuid;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD dispatched_at timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD execution_deadline timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD execution_detail character varying(4000);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD execution_status character varying(20) NOT NULL DEFAULT '';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD executor character varying(60);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD external_ref character varying(200);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD read_back_evidence_id uuid;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD reported_at timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD reported_outcome character varying(20);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    ALTER TABLE correction_actions ADD result_deadline interval;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE TABLE executors (
        code character varying(60) NOT NULL,
        name character varying(200) NOT NULL,
        correction_types text[] NOT NULL,
        result_deadline interval NOT NULL,
        version bigint NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        updated_by character varying(200) NOT NULL,
        CONSTRAINT pk_executors PRIMARY KEY (code)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE TABLE external_updates (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        party character varying(100) NOT NULL,
        update_id character varying(200),
        waiting_for character varying(20) NOT NULL,
        outcome character varying(40) NOT NULL,
        detail character varying(4000) NOT NULL,
        evidence_id uuid,
        service_order_item_id character varying(100),
        received_by character varying(200) NOT NULL,
        received_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_external_updates PRIMARY KEY (id),
        CONSTRAINT fk_external_updates_fallout_cases_case_id FOREIGN KEY (case_id) REFERENCES fallout_cases (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE TABLE resource_reservations (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        resource_id character varying(100) NOT NULL,
        kind character varying(100) NOT NULL,
        expires_at timestamp with time zone NOT NULL,
        on_expiry character varying(20) NOT NULL,
        status character varying(20) NOT NULL,
        created_by character varying(200) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        expired_at timestamp with time zone,
        CONSTRAINT pk_resource_reservations PRIMARY KEY (id),
        CONSTRAINT fk_resource_reservations_fallout_cases_case_id FOREIGN KEY (case_id) REFERENCES fallout_cases (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    INSERT INTO executors (code, correction_types, name, result_deadline, updated_at, updated_by, version)
    VALUES ('activation-service', ARRAY['RETRY']::text[], 'Activation service', INTERVAL '00:15:00', TIMESTAMPTZ '2026-11-29T00:00:00+00:00', 'seed', 1);
    INSERT INTO executors (code, correction_types, name, result_deadline, updated_at, updated_by, version)
    VALUES ('billing', ARRAY['COMPENSATION','DATA_CORRECTION']::text[], 'Billing and charging', INTERVAL '01:00:00', TIMESTAMPTZ '2026-11-29T00:00:00+00:00', 'seed', 1);
    INSERT INTO executors (code, correction_types, name, result_deadline, updated_at, updated_by, version)
    VALUES ('crm', ARRAY['DATA_CORRECTION']::text[], 'CRM', INTERVAL '01:00:00', TIMESTAMPTZ '2026-11-29T00:00:00+00:00', 'seed', 1);
    INSERT INTO executors (code, correction_types, name, result_deadline, updated_at, updated_by, version)
    VALUES ('field-workforce', ARRAY['RESOURCE_REALLOCATION']::text[], 'Field workforce', INTERVAL '1 00:00:00', TIMESTAMPTZ '2026-11-29T00:00:00+00:00', 'seed', 1);
    INSERT INTO executors (code, correction_types, name, result_deadline, updated_at, updated_by, version)
    VALUES ('hss-adapter', ARRAY['DATA_CORRECTION','RETRY']::text[], 'HSS adapter', INTERVAL '00:15:00', TIMESTAMPTZ '2026-11-29T00:00:00+00:00', 'seed', 1);
    INSERT INTO executors (code, correction_types, name, result_deadline, updated_at, updated_by, version)
    VALUES ('order-management', ARRAY['ORDER_AMENDMENT','CANCELLATION','FORCE_COMPLETE']::text[], 'Order management', INTERVAL '00:30:00', TIMESTAMPTZ '2026-11-29T00:00:00+00:00', 'seed', 1);
    INSERT INTO executors (code, correction_types, name, result_deadline, updated_at, updated_by, version)
    VALUES ('partner-gateway', ARRAY['RETRY']::text[], 'Partner gateway', INTERVAL '04:00:00', TIMESTAMPTZ '2026-11-29T00:00:00+00:00', 'seed', 1);
    INSERT INTO executors (code, correction_types, name, result_deadline, updated_at, updated_by, version)
    VALUES ('resource-inventory', ARRAY['RESOURCE_REALLOCATION','DATA_CORRECTION']::text[], 'Resource inventory', INTERVAL '00:30:00', TIMESTAMPTZ '2026-11-29T00:00:00+00:00', 'seed', 1);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE INDEX ix_fallout_cases_waiting_until ON fallout_cases (waiting_until) WHERE waiting_until IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE INDEX ix_correction_actions_execution_deadline ON correction_actions (execution_deadline) WHERE execution_status = 'REQUESTED';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE INDEX ix_external_updates_case_id ON external_updates (case_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE UNIQUE INDEX ix_external_updates_party_update_id ON external_updates (party, update_id) WHERE update_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE INDEX ix_external_updates_service_order_item_id_outcome ON external_updates (service_order_item_id, outcome);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE INDEX ix_resource_reservations_case_id ON resource_reservations (case_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    CREATE INDEX ix_resource_reservations_held_expiry ON resource_reservations (expires_at) WHERE status = 'HELD';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
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

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129135150_CorrectionExecutionAndParticipants') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261129135150_CorrectionExecutionAndParticipants', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129140127_ChargingRepairAndHubExecutors') THEN
    ALTER TABLE hub_subscriptions ADD executors text[];
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129140127_ChargingRepairAndHubExecutors') THEN
    ALTER TABLE fallout_cases ADD service_suspension_requested_at timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129140127_ChargingRepairAndHubExecutors') THEN
    CREATE INDEX ix_fallout_cases_charging_repair ON fallout_cases (reason_code, created_at) WHERE service_suspension_requested_at IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129140127_ChargingRepairAndHubExecutors') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261129140127_ChargingRepairAndHubExecutors', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    ALTER TABLE hub_subscriptions ADD owner_roles text[];
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    ALTER TABLE hub_subscriptions ADD executor character varying(60);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    UPDATE hub_subscriptions SET executor = executors[1] WHERE executors IS NOT NULL AND cardinality(executors) > 0;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    ALTER TABLE hub_subscriptions DROP COLUMN executors;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    ALTER TABLE hub_subscriptions ADD orchestrates boolean NOT NULL DEFAULT FALSE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    ALTER TABLE audit_entries ADD break_glass_id uuid;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE TABLE break_glass_grants (
        id uuid NOT NULL,
        holder character varying(200) NOT NULL,
        reason character varying(2000) NOT NULL,
        scope_kind character varying(20) NOT NULL,
        scope_target character varying(100),
        minutes integer NOT NULL,
        status character varying(20) NOT NULL,
        emergency boolean NOT NULL,
        requested_at timestamp with time zone NOT NULL,
        granted_by character varying(200),
        starts_at timestamp with time zone,
        ends_at timestamp with time zone,
        ended_at timestamp with time zone,
        ended_by character varying(200),
        version bigint NOT NULL,
        CONSTRAINT pk_break_glass_grants PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE TABLE masking_rules (
        id integer NOT NULL,
        rules_json jsonb NOT NULL,
        version bigint NOT NULL,
        updated_by character varying(200) NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_masking_rules PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE TABLE policy_changes (
        id uuid NOT NULL,
        kind character varying(50) NOT NULL,
        target character varying(200) NOT NULL,
        operation character varying(20) NOT NULL,
        before_json jsonb,
        after_json jsonb NOT NULL,
        request_json jsonb NOT NULL,
        base_version bigint,
        reason character varying(2000),
        proposed_by character varying(200) NOT NULL,
        proposed_at timestamp with time zone NOT NULL,
        status character varying(20) NOT NULL,
        decided_by character varying(200),
        decided_at timestamp with time zone,
        decision_reason character varying(2000),
        version bigint NOT NULL,
        CONSTRAINT pk_policy_changes PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE INDEX ix_audit_entries_break_glass_id ON audit_entries (break_glass_id) WHERE break_glass_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE INDEX ix_break_glass_grants_holder_status ON break_glass_grants (holder, status);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE INDEX ix_break_glass_grants_requested_at ON break_glass_grants (requested_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE INDEX ix_break_glass_grants_status_ends_at ON break_glass_grants (status, ends_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE INDEX ix_policy_changes_kind_target ON policy_changes (kind, target);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    CREATE INDEX ix_policy_changes_status_proposed_at ON policy_changes (status, proposed_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261129143833_Protection') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261129143833_Protection', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261206181216_ResourceRepeatIndex') THEN
    -- Owner: Analytics. The resource dimension of /analytics/repeat-fallout (about as many keys as cases, so not in the
    -- daily rollup) is aggregated live over the period: this narrow covering index makes it one index-only range scan
    -- (70 MB at 1M cases, against 178 MB for ix_fallout_cases_created_analytics and 327 MB for the table). The query reads
    -- it in one process with sequential scans off (AnalyticsQueries.RepeatFalloutAsync); over a year at 1M cases the
    -- call went from 650–740 ms to 185–350 ms. Measured in docs/benchmarks-analytics.md. IF NOT EXISTS: an index an
    -- operator built beforehand with CREATE INDEX CONCURRENTLY under this name (docs/operations.md) is kept.
    CREATE INDEX IF NOT EXISTS ix_fallout_cases_resource_analytics ON fallout_cases (created_at)
        INCLUDE (resource_id, occurrence_count, queue, category)
        WHERE resource_id IS NOT NULL;

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261206181216_ResourceRepeatIndex') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261206181216_ResourceRepeatIndex', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261206200045_AuditChainSealed') THEN
    -- Owner: Audit. Issue 14: an entry may come sealed — chain_seq, previous_hash and hash already set by the service
    -- (AuditChain.TrySeal), which prints the entry exactly as fallout_audit_hash does and hashes it. The service seals the
    -- first entries of a case it creates in the same transaction: their chain is empty, because the case is visible to no
    -- other transaction yet. A sealed entry is taken as it is when it continues the chain as this transaction sees it
    -- (the next position, the last entry's hash as its previous hash): no lock and no hash here, only the lookup. Any
    -- other entry, forged or stale values included, is chained exactly as before, under the chain's lock. Two writers can
    -- never fork a chain: the unique (chain, chain_seq) index lets one entry have a position and refuses the other, UPDATE
    -- and DELETE stay refused, and GET /fallout-cases/{id}/audit/verify recomputes every hash with fallout_audit_hash, so
    -- a wrong seal would show as a broken chain. What it saves is measured in docs/benchmarks.md. Proved by tests/FalloutManagement.IntegrationTests/Audit/AuditChainSealTests.cs.
    CREATE OR REPLACE FUNCTION fallout_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        chain uuid := coalesce(NEW.case_id, '00000000-0000-0000-0000-000000000000');
        last_seq bigint;
        last_hash text;
    BEGIN
        IF NEW.hash IS NOT NULL THEN
            SELECT a.chain_seq, a.hash INTO last_seq, last_hash
              FROM audit_entries a
             WHERE coalesce(a.case_id, '00000000-0000-0000-0000-000000000000') = chain
             ORDER BY a.chain_seq DESC LIMIT 1;
            IF NEW.chain_seq = coalesce(last_seq, 0) + 1 AND NEW.previous_hash = coalesce(last_hash, repeat('0', 64)) THEN
                RETURN NEW;
            END IF;
        END IF;
        -- One writer per chain at a time, until commit: the next writer then sees this entry.
        PERFORM pg_advisory_xact_lock(hashtextextended('fallout-audit:' || chain::text, 0));
        SELECT a.chain_seq, a.hash INTO last_seq, last_hash
          FROM audit_entries a
         WHERE coalesce(a.case_id, '00000000-0000-0000-0000-000000000000') = chain
         ORDER BY a.chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(last_seq, 0) + 1;
        NEW.previous_hash := coalesce(last_hash, repeat('0', 64));
        NEW.hash := fallout_audit_hash(NEW);
        RETURN NEW;
    END $$;

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261206200045_AuditChainSealed') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261206200045_AuditChainSealed', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261206202508_ClockMarksWhenSettled') THEN
    -- Owner: Analytics. Issue 14: only a settled clock (met, or marked breached) marks its day (006), and an intake writes
    -- four clocks of which one is settled. The row trigger on INSERT and DELETE now says so in its WHEN condition, which
    -- PostgreSQL evaluates without calling PL/pgSQL: three function calls less per intake, the same marks (the function
    -- is unchanged and still checks the same condition itself). The UPDATE trigger keeps its own WHEN (006).
    -- Proved by tests/FalloutManagement.IntegrationTests/Analytics/AnalyticsRollupTests.cs.
    DROP TRIGGER trg_sla_clocks_analytics_write ON sla_clocks;
    CREATE TRIGGER trg_sla_clocks_analytics_write AFTER INSERT ON sla_clocks FOR EACH ROW
        WHEN (NEW.met_at IS NOT NULL OR NEW.breach_notified_at IS NOT NULL)
        EXECUTE FUNCTION analytics_mark_clock_day();
    CREATE TRIGGER trg_sla_clocks_analytics_delete AFTER DELETE ON sla_clocks FOR EACH ROW
        WHEN (OLD.met_at IS NOT NULL OR OLD.breach_notified_at IS NOT NULL)
        EXECUTE FUNCTION analytics_mark_clock_day();

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261206202508_ClockMarksWhenSettled') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261206202508_ClockMarksWhenSettled', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261206222032_AnalyticsFoldPerDay') THEN
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

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261206222032_AnalyticsFoldPerDay') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261206222032_AnalyticsFoldPerDay', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207014015_WorkListOpenStatusAndEscalatedIndexes') THEN
    CREATE INDEX ix_fallout_cases_escalated_sla_due_at_id ON fallout_cases (sla_due_at, id) WHERE escalation_level > 0;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207014015_WorkListOpenStatusAndEscalatedIndexes') THEN
    CREATE INDEX ix_fallout_cases_open_status_sla_due_at_id ON fallout_cases (status, sla_due_at, id) WHERE status NOT IN ('CLOSED', 'CANCELLED');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207014015_WorkListOpenStatusAndEscalatedIndexes') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261207014015_WorkListOpenStatusAndEscalatedIndexes', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207014758_WorkListOpenSlaIndexes') THEN
    CREATE INDEX ix_fallout_cases_open_queue_sla_due_at_id ON fallout_cases (queue, sla_due_at, id) WHERE status NOT IN ('CLOSED', 'CANCELLED');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207014758_WorkListOpenSlaIndexes') THEN
    CREATE INDEX ix_fallout_cases_open_sla_due_at_id ON fallout_cases (sla_due_at, id) WHERE status NOT IN ('CLOSED', 'CANCELLED');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207014758_WorkListOpenSlaIndexes') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261207014758_WorkListOpenSlaIndexes', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207034949_CaseMarksWithoutStatus') THEN
    -- Owner: Analytics. Issue 14: a case that only moves between statuses no longer marks its day dirty. No folded figure
    -- reads a case's status but the reopen figure ("a CLOSED case exists on the same item and step with closed_at <=
    -- created_at", docs/database.md), and a case becomes CLOSED (or CANCELLED) only together with its closed_at, which
    -- still marks; CLOSED is final. Before, every pull, assignment, start or wait on an old case marked its day, and the
    -- background fold recomputed that whole day (~150 ms of a database core per day at 1M cases) beside the requests.
    -- The trigger of 009 without `OLD.status IS DISTINCT FROM NEW.status`; the function is unchanged.
    -- Proved by tests/FalloutManagement.IntegrationTests/Analytics/CaseDayMarkTests.cs and AnalyticsRollupTests.cs.
    DROP TRIGGER trg_fallout_cases_analytics_update ON fallout_cases;
    CREATE TRIGGER trg_fallout_cases_analytics_update AFTER UPDATE ON fallout_cases FOR EACH ROW
        WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.queue IS DISTINCT FROM NEW.queue
              OR OLD.category IS DISTINCT FROM NEW.category
              OR OLD.classified_at IS DISTINCT FROM NEW.classified_at OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
              OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.occurrence_count IS DISTINCT FROM NEW.occurrence_count
              OR OLD.service_order_item_id IS DISTINCT FROM NEW.service_order_item_id
              OR OLD.failed_step_key IS DISTINCT FROM NEW.failed_step_key
              OR OLD.reason_code IS DISTINCT FROM NEW.reason_code OR OLD.source_system IS DISTINCT FROM NEW.source_system
              OR OLD.resource_id IS DISTINCT FROM NEW.resource_id OR OLD.attributes_json IS DISTINCT FROM NEW.attributes_json)
        EXECUTE FUNCTION analytics_mark_case_day();

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207034949_CaseMarksWithoutStatus') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261207034949_CaseMarksWithoutStatus', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207204159_AuditChainLocksCase') THEN
    -- Owner: Audit. An unsealed entry of a case locks the case's row (FOR NO KEY UPDATE, the lock the command's own UPDATE
    -- of the case takes anyway) before the chain's advisory lock. Commands write the audit first and update the case after;
    -- the pull (POST /queues/{code}/next) and the sweeps lock the case's row first (FOR UPDATE SKIP LOCKED) and write the
    -- audit after. With the advisory lock alone the two orders met as a deadlock: a claim holding the chain's lock waited
    -- for the row a pull held, the pull waited for the chain's lock, and PostgreSQL broke the cycle after a second with a
    -- 500 to one of them. Now every writer takes the row, then the chain: a claim waits for the pull and loses on the
    -- version (412), and a pull or a sweep skips the row of a case a command is writing. A sealed entry (the first entries
    -- of a case created in the same transaction, 012) is taken as before, with no lookup and no lock; an entry of no case
    -- (the zero chain) takes the advisory lock alone. Proved by
    -- tests/FalloutManagement.IntegrationTests/Queues/PullNextTests.cs (a pull racing a claim of the same case).
    CREATE OR REPLACE FUNCTION fallout_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        chain uuid := coalesce(NEW.case_id, '00000000-0000-0000-0000-000000000000');
        last_seq bigint;
        last_hash text;
    BEGIN
        IF NEW.hash IS NOT NULL THEN
            SELECT a.chain_seq, a.hash INTO last_seq, last_hash
              FROM audit_entries a
             WHERE coalesce(a.case_id, '00000000-0000-0000-0000-000000000000') = chain
             ORDER BY a.chain_seq DESC LIMIT 1;
            IF NEW.chain_seq = coalesce(last_seq, 0) + 1 AND NEW.previous_hash = coalesce(last_hash, repeat('0', 64)) THEN
                RETURN NEW;
            END IF;
        END IF;
        -- The case's row first, as the pull and the sweeps take it, then the chain: one writer per chain at a time, until
        -- commit, and the next writer then sees this entry.
        IF NEW.case_id IS NOT NULL THEN
            PERFORM 1 FROM fallout_cases c WHERE c.id = NEW.case_id FOR NO KEY UPDATE;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('fallout-audit:' || chain::text, 0));
        SELECT a.chain_seq, a.hash INTO last_seq, last_hash
          FROM audit_entries a
         WHERE coalesce(a.case_id, '00000000-0000-0000-0000-000000000000') = chain
         ORDER BY a.chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(last_seq, 0) + 1;
        NEW.previous_hash := coalesce(last_hash, repeat('0', 64));
        NEW.hash := fallout_audit_hash(NEW);
        RETURN NEW;
    END $$;

    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207204159_AuditChainLocksCase') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261207204159_AuditChainLocksCase', '10.0.15');
    END IF;
END $EF$;
COMMIT;

