using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// The whole schema (the migrations were squashed before the first release; docs/operations.md): the model's tables
    /// and seeds, then the hand-written SQL under db/sql/ in version order (append-only and audit chain triggers, the
    /// feed columns, hand-tuned indexes, the analytics rollup, the shipped reference data).
    /// </summary>
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "action_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    match_category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    match_severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    match_case_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    match_service_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_customer_segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_operator_role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_correction_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    match_payload_field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_payload_values = table.Column<List<string>>(type: "text[]", nullable: false),
                    match_min_amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    match_min_previous_corrections = table.Column<int>(type: "integer", nullable: true),
                    allowed = table.Column<bool>(type: "boolean", nullable: false),
                    risk_level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    approval_required = table.Column<bool>(type: "boolean", nullable: false),
                    required_evidence = table.Column<string[]>(type: "text[]", nullable: false),
                    customer_notification_required = table.Column<bool>(type: "boolean", nullable: false),
                    escalation_rule = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    correction_action_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    before_json = table.Column<string>(type: "jsonb", nullable: true),
                    after_json = table.Column<string>(type: "jsonb", nullable: true),
                    correlation_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    chain_seq = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    previous_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "fallout_cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_system = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    source_event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    correlation_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    customer_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    customer_segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    product_order_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    service_order_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    service_order_item_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    impacted_service_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    resource_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    category_hint = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    severity_hint = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reason_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    failed_step_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    resume_point = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    order_version = table.Column<long>(type: "bigint", nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    promised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attributes_json = table.Column<string>(type: "jsonb", nullable: true),
                    revenue_at_risk_amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    revenue_at_risk_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    assigned_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    waiting_for = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    waiting_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    classified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    occurrence_count = table.Column<int>(type: "integer", nullable: false),
                    last_occurrence_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    escalation_level = table.Column<int>(type: "integer", nullable: false),
                    sla_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolution_decision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    resolution_mode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    resolution_evidence_id = table.Column<Guid>(type: "uuid", nullable: true),
                    resolution_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    resolved_by = table.Column<string>(type: "text", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancellation_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    first_action_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    material_version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fallout_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "hub_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    callback = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    query = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    event_types = table.Column<string[]>(type: "text[]", nullable: true),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    secret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cursor_transaction_id = table.Column<long>(type: "bigint", nullable: false),
                    cursor_position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hub_subscriptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    affected_target_system = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rule_source_system = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rule_category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    rule_reason_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rule_failed_step_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    rule_window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rule_window_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    root_cause = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incidents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_rules",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    on_event_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    on_action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    to_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    customer_segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    correction_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    requires_promise_missed = table.Column<bool>(type: "boolean", nullable: false),
                    requires_policy_flag = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    template_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    channel_preference = table.Column<string[]>(type: "text[]", nullable: false),
                    requires_agent_follow_up = table.Column<bool>(type: "boolean", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_rules", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "outbox_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    payload_json = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "queues",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    skill = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    escalation_queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    assignment_strategy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    always_open = table.Column<bool>(type: "boolean", nullable: false),
                    opens_at = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    closes_at = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    working_days = table.Column<string[]>(type: "text[]", nullable: false),
                    holidays = table.Column<List<DateOnly>>(type: "date[]", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queues", x => x.code);
                    table.ForeignKey(
                        name: "fk_queues_queues_escalation_queue",
                        column: x => x.escalation_queue,
                        principalTable: "queues",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    instruction = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    assigned_user = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    mandatory = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_tasks_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "correction_actions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    risk_level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    approval_required = table.Column<bool>(type: "boolean", nullable: false),
                    required_evidence = table.Column<string[]>(type: "text[]", nullable: false),
                    policy_ref = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    payload_json = table.Column<string>(type: "jsonb", nullable: false),
                    result_json = table.Column<string>(type: "jsonb", nullable: true),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    proposed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    based_on_version = table.Column<long>(type: "bigint", nullable: false),
                    approved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    applied_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_correction_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_correction_actions_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "evidence_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    evidence_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    storage_ref = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    checksum = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    content_length = table.Column<long>(type: "bigint", nullable: true),
                    captured_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    captured_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    customer_visible = table.Column<bool>(type: "boolean", nullable: false),
                    proves_resolution = table.Column<bool>(type: "boolean", nullable: false),
                    supersedes_evidence_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_evidence_items_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "fallout_occurrences",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_system = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    source_event_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    correlation_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fallout_occurrences", x => x.id);
                    table.ForeignKey(
                        name: "fk_fallout_occurrences_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "resume_tokens",
                columns: table => new
                {
                    token_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_order_item_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    failed_step_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    mode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    evidence_id = table.Column<Guid>(type: "uuid", nullable: false),
                    correction_action_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expected_order_version = table.Column<long>(type: "bigint", nullable: true),
                    issued_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    redeemed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    redeemed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resume_tokens", x => x.token_id);
                    table.ForeignKey(
                        name: "fk_resume_tokens_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sla_clocks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    budget = table.Column<TimeSpan>(type: "interval", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    at_risk_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    paused_total = table.Column<TimeSpan>(type: "interval", nullable: false),
                    paused_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    met_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    at_risk_notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    breach_notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    policy_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_clocks", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_clocks_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "hub_deliveries",
                columns: table => new
                {
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_position = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claim_id = table.Column<Guid>(type: "uuid", nullable: true),
                    last_status_code = table.Column<int>(type: "integer", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dead_lettered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hub_deliveries", x => new { x.subscription_id, x.event_id });
                    table.ForeignKey(
                        name: "fk_hub_deliveries_hub_subscription_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "hub_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recovery_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    max_concurrency = table.Column<int>(type: "integer", nullable: false),
                    failure_threshold = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    stop_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    requested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recovery_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_recovery_jobs_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "classification_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    source_system = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    category_hint = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    reason_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    failed_step_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_classification_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_classification_rules_queues_queue",
                        column: x => x.queue,
                        principalTable: "queues",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "queue_members",
                columns: table => new
                {
                    queue_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    skills = table.Column<List<string>>(type: "text[]", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    last_assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_members", x => new { x.queue_code, x.user_id });
                    table.ForeignKey(
                        name: "fk_queue_members_queues_queue_code",
                        column: x => x.queue_code,
                        principalTable: "queues",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sla_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    customer_segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    time_to_classify_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_to_assign_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_to_first_action_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_to_resolve_minutes = table.Column<int>(type: "integer", nullable: false),
                    pause_while = table.Column<string[]>(type: "text[]", nullable: false),
                    paused_clocks = table.Column<string[]>(type: "text[]", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policies", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_policies_queues_queue",
                        column: x => x.queue,
                        principalTable: "queues",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evidence_contents",
                columns: table => new
                {
                    evidence_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    media_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_contents", x => x.evidence_id);
                    table.ForeignKey(
                        name: "fk_evidence_contents_evidence_items_evidence_id",
                        column: x => x.evidence_id,
                        principalTable: "evidence_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recovery_case_outcomes",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    problem_code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    correction_action_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recovery_case_outcomes", x => new { x.job_id, x.case_id });
                    table.ForeignKey(
                        name: "fk_recovery_case_outcomes_recovery_job_job_id",
                        column: x => x.job_id,
                        principalTable: "recovery_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "notification_rules",
                columns: new[] { "code", "category", "channel_preference", "correction_type", "customer_segment", "enabled", "on_action", "on_event_type", "priority", "reason", "requires_agent_follow_up", "requires_promise_missed", "template_code", "to_status" },
                values: new object[,]
                {
                    { "ACTIVATION_DELAYED_PAST_PROMISE", null, new[] { "SMS", "EMAIL" }, null, null, true, null, "FalloutCaseBreachedSla", 80, "ACTIVATION_DELAYED_PAST_PROMISE", false, true, "ORDER_DELAY_PAST_PROMISE", null },
                    { "APPOINTMENT_CHANGED", null, new[] { "SMS", "EMAIL" }, null, null, true, null, null, 30, "INSTALLATION_RESCHEDULE_REQUIRED", true, false, "ORDER_DELAY_FIELD_ACCESS", "WAITING_FIELD" }
                });

            migrationBuilder.InsertData(
                table: "notification_rules",
                columns: new[] { "code", "category", "channel_preference", "correction_type", "customer_segment", "enabled", "on_action", "on_event_type", "priority", "reason", "requires_agent_follow_up", "requires_policy_flag", "requires_promise_missed", "template_code", "to_status" },
                values: new object[] { "CORRECTION_AFFECTS_CUSTOMER", null, new[] { "EMAIL" }, null, null, true, null, "FalloutCorrectionProposed", 90, "CORRECTION_AFFECTS_CUSTOMER", true, true, false, "ORDER_CORRECTION_NOTICE", null });

            migrationBuilder.InsertData(
                table: "notification_rules",
                columns: new[] { "code", "category", "channel_preference", "correction_type", "customer_segment", "enabled", "on_action", "on_event_type", "priority", "reason", "requires_agent_follow_up", "requires_promise_missed", "template_code", "to_status" },
                values: new object[,]
                {
                    { "CUSTOMER_INFORMATION_REQUIRED", null, new[] { "SMS", "EMAIL" }, null, null, true, null, null, 20, "CUSTOMER_INFORMATION_REQUIRED", true, false, "CUSTOMER_INFO_REQUEST", "WAITING_CUSTOMER" },
                    { "ENTERPRISE_SLA_THREATENED", null, new[] { "EMAIL" }, null, "ENTERPRISE", true, null, "FalloutCaseBreachedSla", 70, "ENTERPRISE_SLA_THREATENED", true, false, "ENTERPRISE_SLA_NOTICE", null },
                    { "IDENTITY_VERIFICATION_PENDING", "COMPLIANCE", new[] { "SMS", "EMAIL" }, null, null, true, "CASE_WAITING", null, 10, "IDENTITY_VERIFICATION_PENDING", true, false, "KYC_VERIFICATION_PENDING", null },
                    { "ORDER_AMENDED", null, new[] { "EMAIL" }, "ORDER_AMENDMENT", null, true, "CORRECTION_APPLIED", null, 40, "ORDER_AMENDED", true, false, "ORDER_AMENDMENT_NOTICE", null },
                    { "ORDER_CANCELLED", null, new[] { "EMAIL", "SMS" }, null, null, true, null, null, 50, "ORDER_CANCELLED", false, false, "ORDER_CANCELLATION_NOTICE", "RESOLVED_CANCEL" },
                    { "PARTIAL_SERVICE", null, new[] { "EMAIL" }, null, null, true, null, null, 60, "PARTIAL_SERVICE_ACTIVE", true, false, "PARTIAL_ACTIVATION_NOTICE", "RESOLVED_COMPENSATE" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_action_policies_active_match_correction_type",
                table: "action_policies",
                columns: new[] { "active", "match_correction_type" });

            migrationBuilder.CreateIndex(
                name: "ix_action_policies_name",
                table: "action_policies",
                column: "name",
                unique: true,
                filter: "active");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_occurred_at",
                table: "audit_entries",
                columns: new[] { "actor", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_case_id_chain_seq",
                table: "audit_entries",
                columns: new[] { "case_id", "chain_seq" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_occurred_at",
                table: "audit_entries",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_case_tasks_case_id",
                table: "case_tasks",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_classification_rules_active_priority",
                table: "classification_rules",
                columns: new[] { "active", "priority" });

            migrationBuilder.CreateIndex(
                name: "ix_classification_rules_queue",
                table: "classification_rules",
                column: "queue");

            migrationBuilder.CreateIndex(
                name: "ix_correction_actions_case_id_idempotency_key",
                table: "correction_actions",
                columns: new[] { "case_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_items_case_id",
                table: "evidence_items",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_assigned_user_sla_due_at_id",
                table: "fallout_cases",
                columns: new[] { "assigned_user", "sla_due_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_incident_id",
                table: "fallout_cases",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_queue_status_sla_due_at_id",
                table: "fallout_cases",
                columns: new[] { "queue", "status", "sla_due_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_sla_due_at_id",
                table: "fallout_cases",
                columns: new[] { "sla_due_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_source_system_source_event_id",
                table: "fallout_cases",
                columns: new[] { "source_system", "source_event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_fallout_cases_open_step",
                table: "fallout_cases",
                columns: new[] { "service_order_item_id", "failed_step_key", "reason_code" },
                unique: true,
                filter: "status NOT IN ('CLOSED', 'CANCELLED')");

            migrationBuilder.CreateIndex(
                name: "ix_fallout_occurrences_case_id_received_at",
                table: "fallout_occurrences",
                columns: new[] { "case_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fallout_occurrences_source_system_source_event_id",
                table: "fallout_occurrences",
                columns: new[] { "source_system", "source_event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_hub_deliveries_case_order",
                table: "hub_deliveries",
                columns: new[] { "subscription_id", "case_id", "event_position" },
                filter: "status = 'PENDING'");

            migrationBuilder.CreateIndex(
                name: "ix_hub_deliveries_due",
                table: "hub_deliveries",
                column: "next_attempt_at",
                filter: "status = 'PENDING'");

            migrationBuilder.CreateIndex(
                name: "ix_hub_deliveries_subscription_id_status",
                table: "hub_deliveries",
                columns: new[] { "subscription_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_hub_subscriptions_created_by",
                table: "hub_subscriptions",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_started_at",
                table: "incidents",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_status",
                table: "incidents",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_case_id",
                table: "outbox_events",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_queue_members_user_id",
                table: "queue_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_queues_escalation_queue",
                table: "queues",
                column: "escalation_queue");

            migrationBuilder.CreateIndex(
                name: "ix_recovery_case_outcomes_case_id",
                table: "recovery_case_outcomes",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_recovery_jobs_incident_id_created_at",
                table: "recovery_jobs",
                columns: new[] { "incident_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_resume_tokens_case_id",
                table: "resume_tokens",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_at_risk_due",
                table: "sla_clocks",
                column: "at_risk_at",
                filter: "met_at IS NULL AND paused_since IS NULL AND at_risk_notified_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_breach_due",
                table: "sla_clocks",
                column: "due_at",
                filter: "met_at IS NULL AND paused_since IS NULL AND breach_notified_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_case_id_kind",
                table: "sla_clocks",
                columns: new[] { "case_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_queue_severity_customer_segment",
                table: "sla_policies",
                columns: new[] { "queue", "severity", "customer_segment" });

            // The hand-written SQL, in version order (docs/database.md).
            migrationBuilder.Sql(SqlScripts.Read("001_append_only.sql"));
            migrationBuilder.Sql(SqlScripts.Read("002_audit_chain.sql"));
            migrationBuilder.Sql(SqlScripts.Read("003_outbox_feed.sql"));
            migrationBuilder.Sql(SqlScripts.Read("004_incident_link.sql"));
            migrationBuilder.Sql(SqlScripts.Read("005_analytics_indexes.sql"));
            migrationBuilder.Sql(SqlScripts.Read("006_analytics_rollup.sql"));
            migrationBuilder.Sql(SqlScripts.Read("007_seed_action_policies.sql"));
            migrationBuilder.Sql(SqlScripts.Read("008_seed_routing.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_initial.sql"));

            migrationBuilder.DropTable(
                name: "action_policies");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "case_tasks");

            migrationBuilder.DropTable(
                name: "classification_rules");

            migrationBuilder.DropTable(
                name: "correction_actions");

            migrationBuilder.DropTable(
                name: "evidence_contents");

            migrationBuilder.DropTable(
                name: "fallout_occurrences");

            migrationBuilder.DropTable(
                name: "hub_deliveries");

            migrationBuilder.DropTable(
                name: "notification_rules");

            migrationBuilder.DropTable(
                name: "outbox_events");

            migrationBuilder.DropTable(
                name: "queue_members");

            migrationBuilder.DropTable(
                name: "recovery_case_outcomes");

            migrationBuilder.DropTable(
                name: "resume_tokens");

            migrationBuilder.DropTable(
                name: "sla_clocks");

            migrationBuilder.DropTable(
                name: "sla_policies");

            migrationBuilder.DropTable(
                name: "evidence_items");

            migrationBuilder.DropTable(
                name: "hub_subscriptions");

            migrationBuilder.DropTable(
                name: "recovery_jobs");

            migrationBuilder.DropTable(
                name: "queues");

            migrationBuilder.DropTable(
                name: "fallout_cases");

            migrationBuilder.DropTable(
                name: "incidents");
        }
    }
}
