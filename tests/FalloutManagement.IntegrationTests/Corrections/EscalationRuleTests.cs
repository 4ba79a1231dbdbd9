using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Corrections;

/// <summary>
/// A policy's escalation rule is carried out in the proposal's transaction: NOTIFY_SUPERVISOR escalates the case in place
/// (the approval still counts), the review rules create one mandatory task in their queue, which blocks resolution.
/// </summary>
public sealed class EscalationRuleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private Task<long> EventsAsync(Guid id, string type) =>
        Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = @type", ("id", id), ("type", type));

    /// <summary>The number of transactions that wrote the case's events of these types.</summary>
    private Task<long> TransactionsAsync(Guid id, params string[] types) =>
        Sql.ScalarAsync<long>(api.ConnectionString,
            "SELECT count(DISTINCT transaction_id) FROM outbox_events WHERE case_id = @id AND event_type = ANY(@types)", ("id", id), ("types", types));

    private Task SetRetryEscalationRuleAsync(string rule) =>
        Sql.ExecuteAsync(api.ConnectionString, "UPDATE action_policies SET escalation_rule = @rule WHERE name = 'retry-default'", ("rule", rule));

    private static JsonObject Approve(Guid correctionId) =>
        new() { ["correctionActionId"] = correctionId.ToString(), ["decision"] = "APPROVE", ["reason"] = "parameters checked" };

    [Fact]
    public async Task NOTIFY_SUPERVISOR_escalates_the_case_in_place_with_the_proposal_and_the_approval_still_counts()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga, body => body["customerSegment"] = "ENTERPRISE");
        var id = started.Id();
        var (correction, proposed) = await CaseFlow.ProposeAsync(Olga, id, CaseFlow.Proposal("MANUAL_PROVISIONING", new JsonObject
        {
            ["targetSystem"] = "HSS", ["instruction"] = "bind IMSI to MSISDN", ["parameters"] = new JsonObject { ["imsi"] = "1", ["msisdn"] = "2" },
        }), started.Version());
        Assert.Equal("manual-provisioning-enterprise@v1", correction.Str("policyRef"));

        var escalated = await CaseFlow.GetAsync(Olga, id);
        Assert.Equal("APPROVAL_REQUIRED", escalated.Str("status"));
        Assert.Equal(started["escalationLevel"]!.GetValue<int>() + 1, escalated["escalationLevel"]!.GetValue<int>());
        Assert.Equal(started.Str("queue"), escalated.Str("queue"));
        Assert.Equal(started.Str("severity"), escalated.Str("severity"));
        Assert.Equal("olga", escalated.Str("assignedUser"));
        Assert.Equal(proposed, escalated.Version());
        Assert.Equal(1, await EventsAsync(id, "FalloutCaseEscalated"));
        Assert.Equal(1, await TransactionsAsync(id, "FalloutCorrectionProposed", "FalloutCaseEscalated"));
        Assert.Equal("system:action-policy", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT actor FROM audit_entries WHERE case_id = @id AND action = 'CASE_ESCALATED'", ("id", id)));

        // Nothing material changed: the checker's approval is not void.
        var approved = await CaseFlow.PostAsync(api.Approver("ana"), $"/fallout-cases/{id}/approve", Approve(correction.Id()), proposed);
        Assert.Equal("CORRECTION_PROPOSED", approved.Str("status"));
    }

    [Theory]
    [InlineData("CUSTOMER_CARE_DECISION", CaseFlow.ActivationQueue)]
    [InlineData("REVENUE_ASSURANCE_REVIEW", "BILLING_RA")]
    [InlineData("FRAUD_REVIEW", "FRAUD_REVIEW")]
    public async Task A_review_rule_creates_one_mandatory_task_in_its_queue_with_the_proposal(string rule, string queue)
    {
        await SetRetryEscalationRuleAsync(rule);
        try
        {
            var started = await CaseFlow.InProgressAsync(api, Olga);
            var id = started.Id();
            var (correction, _) = await CaseFlow.ProposeAsync(Olga, id, CaseFlow.Retry(), started.Version());
            Assert.Equal("REQUESTED", correction.Str("executionStatus"));

            var task = (await CaseFlow.GetAsync(Olga, id))["tasks"]!.AsArray().Single()!.AsObject();
            Assert.Equal(rule, task.Str("taskType"));
            Assert.Equal(queue, task.Str("queue"));
            Assert.True(task["mandatory"]!.GetValue<bool>());
            Assert.Equal("system:action-policy", task.Str("createdBy"));
            Assert.Equal(1, await EventsAsync(id, "FalloutTaskCreated"));
            Assert.Equal(0, await EventsAsync(id, "FalloutCaseEscalated"));
            // Proposal, task and dispatch: one transaction.
            Assert.Equal(1, await TransactionsAsync(id, "FalloutCorrectionProposed", "FalloutTaskCreated", "FalloutCorrectionExecutionRequested"));
        }
        finally
        {
            await SetRetryEscalationRuleAsync("NONE");
        }
    }

    [Fact]
    public async Task The_review_task_blocks_resolution_until_it_is_done_and_a_second_proposal_adds_none()
    {
        await SetRetryEscalationRuleAsync("REVENUE_ASSURANCE_REVIEW");
        try
        {
            var started = await CaseFlow.InProgressAsync(api, Olga);
            var id = started.Id();
            var (first, _) = await CaseFlow.ProposeAsync(Olga, id, CaseFlow.Retry(), started.Version());
            await CaseFlow.ReportResultAsync(api, id, first.Id(), "FAILED");
            var (second, proposed) = await CaseFlow.ProposeAsync(Olga, id, CaseFlow.Retry(), await CaseFlow.VersionAsync(Olga, id));
            // One review task open at a time: the second proposal under the rule adds none.
            Assert.Single((await CaseFlow.GetAsync(Olga, id))["tasks"]!.AsArray());
            Assert.Equal(1, await EventsAsync(id, "FalloutTaskCreated"));

            var applied = await CaseFlow.ApplyAsync(api, Olga, id, second, proposed);
            var verifying = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/verify", null, applied.Version());
            var (proof, proved) = await CaseFlow.AttachAsync(Olga, id, CaseFlow.Evidence("SYNTHETIC_TEST_RESULT", provesResolution: true),
                verifying.Version());
            var resolve = new JsonObject { ["decision"] = "RESUME", ["evidenceId"] = proof.Str("id"), ["reason"] = "retried after the fix" };
            await (await Olga.PostJsonAsync($"/fallout-cases/{id}/resolve", resolve, proved)).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
            Assert.Equal("VERIFYING", (await CaseFlow.GetAsync(Olga, id)).Str("status"));

            var task = (await CaseFlow.GetAsync(Olga, id))["tasks"]!.AsArray().Single()!.AsObject();
            var done = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/tasks/{task.Id()}/complete",
                new JsonObject { ["outcome"] = "revenue assurance: no leakage" }, proved);
            var resolved = await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/resolve", resolve, done.Version());
            Assert.Equal("RESOLVED_RESUME", resolved.Str("status"));
        }
        finally
        {
            await SetRetryEscalationRuleAsync("NONE");
        }
    }
}
