using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Modules.Corrections.Execution;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Corrections;

/// <summary>
/// Corrections reach the systems that execute them: dispatched once the policy is satisfied (the only event with the
/// payload), executed by the executor the command went to, which reports back; the sweep times out a silent one.
/// </summary>
public sealed class ExecutionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private static JsonObject Release() => CaseFlow.Proposal("RESOURCE_REALLOCATION", new JsonObject
    {
        ["oldResourceId"] = "imsi-1", ["newResourceId"] = "imsi-2", ["oldResourceDisposition"] = "RELEASE",
    });

    private static JsonObject Approve(Guid correctionId) =>
        new() { ["correctionActionId"] = correctionId.ToString(), ["decision"] = "APPROVE", ["reason"] = "read-back checked" };

    private Task<long> EventsAsync(Guid id, string eventType) =>
        Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = @type", ("id", id), ("type", eventType));

    /// <summary>Events of the case that carry an executable payload (a top-level <c>payload</c>).</summary>
    private Task<long> PayloadEventsAsync(Guid id) =>
        Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND jsonb_exists(payload_json::jsonb, 'payload')", ("id", id));

    /// <summary>A RETRY (no approval, no evidence) dispatched to the activation service at proposal; returns the case and correction.</summary>
    private async Task<(Guid Id, JsonObject Correction, long Version)> DispatchedRetryAsync()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var (correction, version) = await CaseFlow.ProposeAsync(Olga, started.Id(), CaseFlow.Retry(), started.Version());
        Assert.Equal("REQUESTED", correction.Str("executionStatus"));
        Assert.Equal("activation-service", correction.Str("executor"));
        return (started.Id(), await CaseFlow.CorrectionAsync(api, started.Id(), correction.Id()), version);
    }

    [Fact]
    public async Task No_executable_payload_leaves_before_approval_and_evidence()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var id = started.Id();
        var (correction, proposed) = await CaseFlow.ProposeAsync(Olga, id, Release(), started.Version());
        Assert.Equal("NOT_DISPATCHED", correction.Str("executionStatus"));
        Assert.Equal(0L, await PayloadEventsAsync(id));

        // Approved, but the policy's READ_BACK_SNAPSHOT is missing: still nothing to execute.
        var approved = await CaseFlow.PostAsync(api.Approver("ana"), $"/fallout-cases/{id}/approve", Approve(correction.Id()), proposed);
        Assert.Equal("NOT_DISPATCHED", (await CaseFlow.CorrectionAsync(api, id, correction.Id())).Str("executionStatus"));
        Assert.Equal(0L, await PayloadEventsAsync(id));
        Assert.Equal(0L, await EventsAsync(id, "FalloutCorrectionExecutionRequested"));

        // The evidence completes the requirement: the one command goes out in the same transaction.
        var (readBack, _) = await CaseFlow.AttachAsync(Olga, id, CaseFlow.Evidence("READ_BACK_SNAPSHOT", provesResolution: false), approved.Version());
        Assert.Equal(1L, await PayloadEventsAsync(id));
        var requested = JsonNode.Parse(await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutCorrectionExecutionRequested'", ("id", id)))!
            .AsObject();
        var dispatched = await CaseFlow.CorrectionAsync(api, id, correction.Id());
        Assert.Equal("REQUESTED", dispatched.Str("executionStatus"));
        Assert.Equal(dispatched.Str("commandId"), requested.Str("commandId"));
        Assert.Equal(correction.Str("id"), requested.Str("correctionActionId"));
        Assert.Equal("RESOURCE_REALLOCATION", requested.Str("type"));
        Assert.Equal("resource-inventory", requested.Str("executor"));
        Assert.Equal("ana", requested.Str("approvedBy"));
        Assert.Equal("RELEASE", (string?)requested["payload"]!["oldResourceDisposition"]);
        Assert.Equal<string?>([readBack.Str("id")], requested["evidenceIds"]!.AsArray().Select(e => (string?)e).ToList());
        // The seeded resource inventory has 30 minutes to report.
        Assert.Equal(DateTimeOffset.Parse(dispatched.Str("dispatchedAt")!, CultureInfo.InvariantCulture).AddMinutes(30),
            DateTimeOffset.Parse(requested.Str("deadline")!, CultureInfo.InvariantCulture));
        Assert.Equal<string?>(["CORRECTION_PROPOSED", "CORRECTION_APPROVED", "CORRECTION_DISPATCHED"],
            dispatched["history"]!.AsArray().Select(h => (string?)h!["action"]).ToList());
    }

    [Fact]
    public async Task An_escalation_while_an_approved_correction_waits_for_its_evidence_voids_it_instead_of_leaving_the_case_stuck()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var id = started.Id();
        var (correction, proposed) = await CaseFlow.ProposeAsync(Olga, id, Release(), started.Version());
        var approved = await CaseFlow.PostAsync(api.Approver("ana"), $"/fallout-cases/{id}/approve", Approve(correction.Id()), proposed);
        Assert.Equal("CORRECTION_PROPOSED", approved.Str("status"));

        // A supervisor escalates before the read-back is there: the approval is outdated, so the correction could never go out.
        var escalated = await CaseFlow.PostAsync(api.Supervisor(), $"/fallout-cases/{id}/escalate",
            new JsonObject { ["reason"] = "vendor outage widens", ["raiseSeverity"] = true }, approved.Version());
        Assert.Equal("IN_PROGRESS", escalated.Str("status"));
        var voided = await CaseFlow.CorrectionAsync(api, id, correction.Id());
        Assert.Equal("REJECTED", voided.Str("status"));
        Assert.Equal("system:material-change", voided.Str("approvedBy"));
        Assert.Equal("NOT_DISPATCHED", voided.Str("executionStatus"));
        Assert.Equal(1L, await Sql.CountAsync(api.ConnectionString, "outbox_events",
            "case_id = @id AND event_type = 'FalloutCorrectionRejected' AND payload_json ->> 'checker' = 'system:material-change'", ("id", id)));

        // The read-back arriving now sends nothing; the operator proposes again and it goes through.
        var (_, withReadBack) = await CaseFlow.AttachAsync(Olga, id, CaseFlow.Evidence("READ_BACK_SNAPSHOT", provesResolution: false), escalated.Version());
        Assert.Equal(0L, await EventsAsync(id, "FalloutCorrectionExecutionRequested"));
        var (again, reproposed) = await CaseFlow.ProposeAsync(Olga, id, Release(), withReadBack);
        await CaseFlow.PostAsync(api.Approver("ana"), $"/fallout-cases/{id}/approve", Approve(again.Id()), reproposed);
        Assert.Equal("REQUESTED", (await CaseFlow.CorrectionAsync(api, id, again.Id())).Str("executionStatus"));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionExecutionRequested"));
    }

    [Fact]
    public async Task Exactly_one_execution_request_under_twenty_concurrent_approve_and_apply_attempts()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var id = started.Id();
        var (_, withEvidence) = await CaseFlow.AttachAsync(Olga, id, CaseFlow.Evidence("READ_BACK_SNAPSHOT", provesResolution: false), started.Version());
        var (correction, proposed) = await CaseFlow.ProposeAsync(Olga, id, Release(), withEvidence);
        var gate = new StartGate(20);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var client = i % 2 == 0 ? api.Approver($"ana{i}") : Olga;
            var (url, body) = i % 2 == 0
                ? ($"/fallout-cases/{id}/approve", Approve(correction.Id()))
                : ($"/fallout-cases/{id}/correction-actions/{correction.Id()}/apply", new JsonObject { ["result"] = "done by hand" });
            await gate.WaitAsync();
            return await client.PostJsonAsync(url, body, proposed);
        })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.InRange((int)r.StatusCode, 400, 499));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionExecutionRequested"));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionApproved"));
        Assert.Equal(0L, await EventsAsync(id, "FalloutCorrectionApplied"));
        Assert.Equal("REQUESTED", (await CaseFlow.CorrectionAsync(api, id, correction.Id())).Str("executionStatus"));
    }

    [Fact]
    public async Task An_operator_cannot_apply_what_its_owning_system_executes()
    {
        var (id, correction, version) = await DispatchedRetryAsync();

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/correction-actions/{correction.Id()}/apply", new JsonObject { ["result"] = "done" }, version))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "EXECUTED_BY_OWNING_SYSTEM");
        var allowed = await (await Olga.GetAsync($"/fallout-cases/{id}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("APPLY_CORRECTION", allowed["allowed"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(version, await CaseFlow.VersionAsync(Olga, id));
    }

    [Fact]
    public async Task A_result_from_another_executor_or_another_role_is_refused_and_changes_nothing()
    {
        var (id, correction, version) = await DispatchedRetryAsync();
        var url = $"/fallout-cases/{id}/correction-actions/{correction.Id()}/execution-results";
        var body = CaseFlow.Result(correction, "SUCCEEDED");

        await (await api.Executor("billing").PostJsonAsync(url, body)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Executor("activation-service").PostJsonAsync($"/fallout-cases/{id}/correction-actions/{Guid.NewGuid()}/execution-results", body))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Olga.PostJsonAsync(url, body)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.App.As("no-code", [Api.Common.Auth.Roles.Executor]).PostJsonAsync(url, body))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Executor("activation-service").PostJsonAsync(url, new JsonObject
            {
                ["commandId"] = Guid.NewGuid().ToString(), ["outcome"] = "SUCCEEDED", ["detail"] = "done",
            }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "UNKNOWN_COMMAND");
        await (await api.Executor("activation-service").PostJsonAsync(url, new JsonObject
            {
                ["commandId"] = correction.Str("commandId"), ["outcome"] = "MAYBE", ["detail"] = "done",
            }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        // An id in the executor's system is at most 100 characters, as every id from another system.
        await (await api.Executor("activation-service").PostJsonAsync(url, new JsonObject
            {
                ["commandId"] = correction.Str("commandId"), ["outcome"] = "SUCCEEDED", ["detail"] = "done", ["externalRef"] = new string('r', 101),
            }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(version, await CaseFlow.VersionAsync(Olga, id));
        Assert.Equal("REQUESTED", (await CaseFlow.CorrectionAsync(api, id, correction.Id())).Str("executionStatus"));
    }

    [Fact]
    public async Task Succeeded_applies_the_correction_and_a_replay_changes_nothing()
    {
        var (id, correction, _) = await DispatchedRetryAsync();
        var url = $"/fallout-cases/{id}/correction-actions/{correction.Id()}/execution-results";
        var executor = api.Executor("activation-service");

        var first = await executor.PostJsonAsync(url, CaseFlow.Result(correction, "SUCCEEDED"));
        var answered = await first.ExpectAsync(HttpStatusCode.OK);
        var applied = await CaseFlow.GetAsync(Olga, id);
        Assert.Equal("CORRECTION_APPLIED", applied.Str("status"));
        Assert.Equal("SUCCEEDED", answered.Str("executionStatus"));
        Assert.Equal("APPLIED", answered.Str("status"));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionApplied"));

        var again = await executor.PostJsonAsync(url, CaseFlow.Result(correction, "SUCCEEDED"));
        Assert.Equal(answered.ToJsonString(), (await again.ExpectAsync(HttpStatusCode.OK)).ToJsonString());
        await (await executor.PostJsonAsync(url, CaseFlow.Result(correction, "FAILED")))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "RESULT_CONFLICT");
        Assert.Equal(applied.Version(), await CaseFlow.VersionAsync(Olga, id));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionApplied"));
    }

    [Theory]
    [InlineData("FAILED")]
    [InlineData("REJECTED")]
    public async Task Failed_or_rejected_returns_the_case_to_its_operator(string outcome)
    {
        var (id, correction, _) = await DispatchedRetryAsync();

        var answered = await CaseFlow.ReportResultAsync(api, id, correction.Id(), outcome);

        var back = await CaseFlow.GetAsync(Olga, id);
        Assert.Equal("IN_PROGRESS", back.Str("status"));
        Assert.Equal(outcome, answered.Str("executionStatus"));
        Assert.Equal("EXECUTION_FAILED", answered.Str("status"));
        Assert.Equal($"executor reports {outcome}", answered["executionResult"]!.AsObject().Str("detail"));
        var failed = JsonNode.Parse(await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutCorrectionExecutionFailed'", ("id", id)))!;
        Assert.Equal(outcome, (string?)failed["outcome"]);
        // The operator takes over: another correction can be proposed.
        await CaseFlow.ProposeAsync(Olga, id, CaseFlow.Retry(), back.Version());
    }

    [Fact]
    public async Task No_result_by_the_deadline_times_out_escalates_and_a_late_result_moves_nothing()
    {
        var (id, correction, version) = await DispatchedRetryAsync();
        var sweeper = api.App.Services.GetRequiredService<ExecutionTimeoutSweeper>();
        var deadline = DateTimeOffset.Parse(correction.Str("executionDeadline")!, CultureInfo.InvariantCulture);

        Assert.Equal(0L, await sweeper.SweepOnceAsync(deadline.AddSeconds(-1)));
        Assert.Equal(version, await CaseFlow.VersionAsync(Olga, id));
        api.Clock.SetUtcNow(deadline.AddSeconds(1));
        Assert.True(await sweeper.SweepOnceAsync(api.Clock.GetUtcNow()) >= 1);

        var timedOut = await CaseFlow.GetAsync(api.Supervisor(), id);
        Assert.Equal("IN_PROGRESS", timedOut.Str("status"));
        Assert.Equal("TIMED_OUT", (await CaseFlow.CorrectionAsync(api, id, correction.Id())).Str("executionStatus"));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionExecutionTimedOut"));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCaseEscalated"));
        Assert.Equal(0L, await sweeper.SweepOnceAsync(api.Clock.GetUtcNow()));

        var late = await CaseFlow.ReportResultAsync(api, id, correction.Id(), "SUCCEEDED");
        Assert.True((bool)late["executionResult"]!["late"]!);
        Assert.Equal("TIMED_OUT", late.Str("executionStatus"));
        var afterLate = await CaseFlow.GetAsync(api.Supervisor(), id);
        Assert.Equal("IN_PROGRESS", afterLate.Str("status"));
        // Recorded, not moved: the owner's ETag of the timed-out case is still good.
        Assert.Equal(timedOut.Version(), afterLate.Version());
        Assert.Equal(1L, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id AND action = 'EXECUTION_RESULT_LATE'", ("id", id)));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionExecutionResultLate"));
        Assert.Equal(0L, await EventsAsync(id, "FalloutCorrectionApplied"));
        await CaseFlow.ReportResultAsync(api, id, correction.Id(), "SUCCEEDED");
        Assert.Equal(afterLate.Version(), await CaseFlow.VersionAsync(api.Supervisor(), id));
    }

    [Fact]
    public async Task A_result_after_the_deadline_before_the_sweep_ran_times_the_execution_out_and_is_recorded_late()
    {
        var (id, correction, _) = await DispatchedRetryAsync();
        var sweeper = api.App.Services.GetRequiredService<ExecutionTimeoutSweeper>();
        var deadline = DateTimeOffset.Parse(correction.Str("executionDeadline")!, CultureInfo.InvariantCulture);
        api.Clock.SetUtcNow(deadline.AddSeconds(1));

        var late = await CaseFlow.ReportResultAsync(api, id, correction.Id(), "SUCCEEDED");

        Assert.True((bool)late["executionResult"]!["late"]!);
        Assert.Equal("TIMED_OUT", late.Str("executionStatus"));
        var after = await CaseFlow.GetAsync(api.Supervisor(), id);
        Assert.Equal("IN_PROGRESS", after.Str("status"));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionExecutionTimedOut"));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCaseEscalated"));
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionExecutionResultLate"));
        Assert.Equal(0L, await EventsAsync(id, "FalloutCorrectionApplied"));
        // The sweep finds nothing left to do: the execution timed out once.
        await sweeper.SweepOnceAsync(api.Clock.GetUtcNow());
        Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionExecutionTimedOut"));
        Assert.Equal(after.Version(), await CaseFlow.VersionAsync(api.Supervisor(), id));
    }

    [Fact]
    public async Task A_late_result_racing_the_timeout_sweep_times_the_execution_out_once_and_never_faults()
    {
        var sweeper = api.App.Services.GetRequiredService<ExecutionTimeoutSweeper>();
        for (var round = 0; round < 8; round++)
        {
            var (id, correction, _) = await DispatchedRetryAsync();
            var deadline = DateTimeOffset.Parse(correction.Str("executionDeadline")!, CultureInfo.InvariantCulture);
            api.Clock.SetUtcNow(deadline.AddSeconds(1));
            var executor = api.Executor(correction.Str("executor")!);
            var gate = new StartGate(2);

            var report = Task.Run(async () =>
            {
                await gate.WaitAsync();
                return await executor.PostJsonAsync($"/fallout-cases/{id}/correction-actions/{correction.Id()}/execution-results",
                    CaseFlow.Result(correction, "SUCCEEDED"));
            });
            var sweep = Task.Run(async () =>
            {
                await gate.WaitAsync();
                return await sweeper.SweepOnceAsync(api.Clock.GetUtcNow());
            });
            await Task.WhenAll(report, sweep);

            var answer = await (await report).ExpectAsync(HttpStatusCode.OK);
            Assert.True((bool)answer["executionResult"]!["late"]!, $"round {round}");
            Assert.Equal("IN_PROGRESS", (await CaseFlow.GetAsync(api.Supervisor(), id)).Str("status"));
            Assert.Equal(1L, await EventsAsync(id, "FalloutCorrectionExecutionTimedOut"));
            Assert.Equal(1L, await EventsAsync(id, "FalloutCaseEscalated"));
            Assert.Equal(0L, await EventsAsync(id, "FalloutCorrectionApplied"));
        }
    }

    [Fact]
    public async Task Correction_reads_resolve_the_location_of_a_proposal()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var response = await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/correction-actions", CaseFlow.Retry(), started.Version());
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        var read = await (await Olga.GetAsync(response.Headers.Location!.ToString())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Str("id"), read.Str("id"));
        Assert.Equal("activation-service", read.Str("executor"));
        Assert.NotNull(read.Str("commandId"));
        var list = await (await Olga.GetAsync($"/fallout-cases/{started.Id()}/correction-actions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal<string?>([created.Str("id")], list["items"]!.AsArray().Select(c => (string?)c!["id"]).ToList());
        Assert.True(list.ContainsKey("nextCursor"));
        await (await api.Operator("otto", "FIXED_FIELD_SUPPORT").GetAsync(response.Headers.Location!.ToString()))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Example_29_the_hss_adapter_executes_the_approved_correction_and_reports_its_read_back()
    {
        var olga = Olga;
        var started = await CaseFlow.InProgressAsync(api, olga);
        var id = started.Id();
        // Do not overwrite the subscriber in the HSS on a guess: the read-back proves the existing one a stale orphan.
        var (_, proven) = await CaseFlow.AttachAsync(olga, id, CaseFlow.Evidence("READ_BACK_SNAPSHOT", provesResolution: false,
            content: "HSS: MSISDN 62811000001 bound to IMSI 510010000000001, no session for 90 days"), started.Version());
        var (diff, diffed) = await CaseFlow.AttachAsync(olga, id, CaseFlow.Evidence("DATA_DIFF", provesResolution: false,
            content: "imsi: 510010000000001 -> 510010000000002 (inventory)"), proven);
        var (correction, proposed) = await CaseFlow.ProposeAsync(olga, id, CaseFlow.Proposal("DATA_CORRECTION", new JsonObject
        {
            ["field"] = "imsi", ["before"] = "510010000000001", ["after"] = "510010000000002", ["system"] = "hss-adapter",
        }, "stale orphan in the HSS; inventory says the new IMSI is right"), diffed);
        Assert.Equal("HIGH", correction.Str("riskLevel"));
        Assert.Equal("PENDING_APPROVAL", correction.Str("status"));
        Assert.Equal("hss-adapter", correction.Str("executor"));
        Assert.Equal(0L, await PayloadEventsAsync(id));

        await (await api.Approver("ana", mfa: false).PostJsonAsync($"/fallout-cases/{id}/approve", Approve(correction.Id()), proposed))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "STEP_UP_REQUIRED");
        var approved = await CaseFlow.PostAsync(api.Approver("ana"), $"/fallout-cases/{id}/approve", Approve(correction.Id()), proposed);
        Assert.Equal("CORRECTION_PROPOSED", approved.Str("status"));
        var requested = JsonNode.Parse(await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT payload_json::text FROM outbox_events WHERE case_id = @id AND event_type = 'FalloutCorrectionExecutionRequested'", ("id", id)))!;
        Assert.Equal("hss-adapter", (string?)requested["executor"]);
        Assert.Equal("510010000000002", (string?)requested["payload"]!["after"]);
        Assert.Contains(diff.Str("id"), requested["evidenceIds"]!.AsArray().Select(e => (string?)e));

        // The HSS adapter overwrites the profile and reports what it read back.
        var readBack = new JsonObject
        {
            ["evidenceType"] = "READ_BACK_SNAPSHOT", ["source"] = "hss-adapter",
            ["content"] = Convert.ToBase64String("HSS: MSISDN 62811000001 bound to IMSI 510010000000002"u8.ToArray()),
        };
        var reported = await CaseFlow.ReportResultAsync(api, id, correction.Id(), "SUCCEEDED", readBack);
        var readBackId = (string?)reported["executionResult"]!["readBackEvidenceId"];
        var evidence = await (await olga.GetAsync($"/fallout-cases/{id}/evidence/{readBackId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("hss-adapter-system", evidence.Str("capturedBy"));
        Assert.StartsWith("sha256:", evidence.Str("checksum"));
        var applied = await CaseFlow.GetAsync(olga, id);
        Assert.Equal("CORRECTION_APPLIED", applied.Str("status"));

        // The operator verifies with a synthetic test and resolves for resume; the order system redeems the token.
        var verifying = await CaseFlow.PostAsync(olga, $"/fallout-cases/{id}/verify", null, applied.Version());
        var (proof, proved) = await CaseFlow.AttachAsync(olga, id, CaseFlow.Evidence("SYNTHETIC_TEST_RESULT", provesResolution: true), verifying.Version());
        var resolved = await CaseFlow.PostAsync(olga, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "RESUME", ["resumeMode"] = "RETRY_FAILED_STEP", ["evidenceId"] = proof.Str("id"), ["reason"] = "profile fixed and read back",
        }, proved);
        Assert.Equal("RESOLVED_RESUME", resolved.Str("status"));
        var redeemed = await (await api.Source().PostJsonAsync($"/fallout-cases/{id}/resume", new JsonObject
        {
            ["tokenId"] = resolved["resumeToken"]!.AsObject().Str("tokenId"), ["orderVersion"] = 7,
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(correction.Str("id"), redeemed["correctionActionIds"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("CLOSED", (await CaseFlow.GetAsync(olga, id)).Str("status"));
    }
}
