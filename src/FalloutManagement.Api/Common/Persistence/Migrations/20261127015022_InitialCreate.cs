using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "ix_outbox_events_case_id",
                table: "outbox_events",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_resume_tokens_case_id",
                table: "resume_tokens",
                column: "case_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "case_tasks");

            migrationBuilder.DropTable(
                name: "correction_actions");

            migrationBuilder.DropTable(
                name: "evidence_contents");

            migrationBuilder.DropTable(
                name: "fallout_occurrences");

            migrationBuilder.DropTable(
                name: "outbox_events");

            migrationBuilder.DropTable(
                name: "resume_tokens");

            migrationBuilder.DropTable(
                name: "evidence_items");

            migrationBuilder.DropTable(
                name: "fallout_cases");
        }
    }
}
