using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Cases;

/// <summary>The lifecycle commands through HTTP, with each refusal: If-Match, role, queue, ownership, state, input.</summary>
public sealed class CommandTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Queue = "MOBILE_ACTIVATION_L2";

    private static JsonObject Reason(string reason) => new() { ["reason"] = reason };

    [Fact]
    public async Task A_command_without_if_match_is_428_and_changes_nothing()
    {
        var created = await api.ReportAsync();

        var response = await api.Operator("olga", Queue).PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject());

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        Assert.Equal(created.Version(), await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT version FROM fallout_cases WHERE id = @id", ("id", created.Id())));
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_changes_nothing()
    {
        var created = await api.ReportAsync();

        var response = await api.Operator("olga", Queue).PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject(), created.Version() - 1);

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "fallout_cases", "id = @id AND assigned_user IS NULL AND status = 'QUEUED'", ("id", created.Id())));
    }

    [Fact]
    public async Task A_garbage_if_match_is_412()
    {
        var created = await api.ReportAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/fallout-cases/{created.Id()}/start") { Content = System.Net.Http.Json.JsonContent.Create(new JsonObject()) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");

        await (await api.Supervisor().SendAsync(request)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
    }

    [Fact]
    public async Task Claim_start_wait_continue_as_the_owner()
    {
        var created = await api.ReportAsync();
        var olga = api.Operator("olga", Queue);

        var claimed = await (await olga.PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject(), created.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ASSIGNED", claimed.Str("status"));
        Assert.Equal("olga", claimed.Str("assignedUser"));

        var started = await (await olga.PostJsonAsync($"/fallout-cases/{created.Id()}/start", null, claimed.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("IN_PROGRESS", started.Str("status"));

        var waiting = await (await olga.PostJsonAsync($"/fallout-cases/{created.Id()}/wait",
            new JsonObject { ["waitingFor"] = "VENDOR", ["reason"] = "HSS vendor checks the orphan subscriber" }, started.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("WAITING_VENDOR", waiting.Str("status"));

        var resumed = await (await olga.PostJsonAsync($"/fallout-cases/{created.Id()}/continue", null, waiting.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("IN_PROGRESS", resumed.Str("status"));
        // Intake wrote three entries (detected, classified, queued); each command one more.
        Assert.Equal(7, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id", ("id", created.Id())));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseAssigned'", ("id", created.Id())));
    }

    [Fact]
    public async Task Operators_cannot_work_cases_of_other_queues_or_of_other_owners()
    {
        var created = await api.ReportAsync();
        var olga = api.Operator("olga", Queue);
        var claimed = await (await olga.PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject(), created.Version())).ExpectAsync(HttpStatusCode.OK);

        await (await api.Operator("bob", "BILLING_RA").PostJsonAsync($"/fallout-cases/{created.Id()}/start", null, claimed.Version()))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Operator("bob", Queue).PostJsonAsync($"/fallout-cases/{created.Id()}/start", null, claimed.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Operator("bob", Queue).PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject(), claimed.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Auditor().PostJsonAsync($"/fallout-cases/{created.Id()}/start", null, claimed.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Source().PostJsonAsync($"/fallout-cases/{created.Id()}/start", null, claimed.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(claimed.Version(), await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT version FROM fallout_cases WHERE id = @id", ("id", created.Id())));
    }

    [Fact]
    public async Task A_supervisor_hands_over_with_a_reason_and_the_state_is_kept()
    {
        var created = await api.ReportAsync();
        var olga = api.Operator("olga", Queue);
        var claimed = await (await olga.PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject(), created.Version())).ExpectAsync(HttpStatusCode.OK);
        var started = await (await olga.PostJsonAsync($"/fallout-cases/{created.Id()}/start", null, claimed.Version())).ExpectAsync(HttpStatusCode.OK);

        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject { ["user"] = "bob" }, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var handedOver = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/assign",
            new JsonObject { ["user"] = "bob", ["reason"] = "olga's shift ended" }, started.Version())).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("IN_PROGRESS", handedOver.Str("status"));
        Assert.Equal("bob", handedOver.Str("assignedUser"));
    }

    [Fact]
    public async Task A_command_in_the_wrong_state_is_409_invalid_transition()
    {
        var created = await api.ReportAsync();

        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/start", null, created.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/continue", null, created.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/classify",
            new JsonObject { ["category"] = "DATA", ["severity"] = "LOW", ["reason"] = "x" }, created.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/close", Reason("done"), created.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Triage_classifies_a_detected_case_into_a_queue()
    {
        // No hint and a reason code no classification rule knows: the case stays in triage.
        var created = await api.ReportAsync(b =>
        {
            b.Remove("categoryHint");
            b["reasonCode"] = "NO_RULE_KNOWS_THIS";
        });

        // A detected case cannot be claimed, and classifying needs ownership: triage is a supervisor's.
        await (await api.Operator("tia", "FALLOUT_TRIAGE").PostJsonAsync($"/fallout-cases/{created.Id()}/classify",
            new JsonObject { ["category"] = "RESOURCE", ["severity"] = "CRITICAL", ["reason"] = "static IP live on another customer" }, created.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var classified = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/classify",
            new JsonObject { ["category"] = "RESOURCE", ["severity"] = "CRITICAL", ["reason"] = "static IP live on another customer" }, created.Version()))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("QUEUED", classified.Str("status"));
        Assert.Equal("RESOURCE_CONTROL", classified.Str("queue"));
        Assert.Equal("CRITICAL", classified.Str("severity"));
    }

    [Theory]
    [InlineData("""{"category":"NOPE","severity":"LOW","reason":"x"}""")]
    [InlineData("""{"category":"DATA","severity":"LOW"}""")]
    [InlineData("""{"category":"DATA"}""")]
    public async Task Classify_with_bad_input_is_400(string body)
    {
        var created = await api.ReportAsync(b => b.Remove("categoryHint"));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/fallout-cases/{created.Id()}/classify")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{created.Version()}\"");

        await (await api.Supervisor().SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Escalation_raises_severity_and_moves_the_queue()
    {
        // ACTIVATION_TIMEOUT classifies MEDIUM (a DUPLICATE_SUBSCRIBER_MISMATCH would be HIGH by rule whatever the hint).
        var created = await api.ReportAsync(b =>
        {
            b["severityHint"] = "MEDIUM";
            b["reasonCode"] = "ACTIVATION_TIMEOUT";
        });

        var escalated = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/escalate",
            new JsonObject { ["reason"] = "enterprise customer", ["toQueue"] = "FRAUD_REVIEW", ["raiseSeverity"] = true }, created.Version()))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("HIGH", escalated.Str("severity"));
        Assert.Equal("FRAUD_REVIEW", escalated.Str("queue"));
        Assert.Equal(1, (int)escalated["escalationLevel"]!);
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseEscalated'", ("id", created.Id())));
    }

    [Fact]
    public async Task A_cancelled_case_takes_no_command_but_reads()
    {
        var created = await api.ReportAsync();
        var cancelled = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/cancel", Reason("false positive"), created.Version()))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("CANCELLED", cancelled.Str("status"));

        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/escalate", Reason("late"), cancelled.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/cancel", Reason("again"), cancelled.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await api.Auditor().GetAsync($"/fallout-cases/{created.Id()}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_operators_clicking_at_once_one_wins_the_other_gets_412()
    {
        var created = await api.ReportAsync();
        var start = new StartGate(2);

        var responses = await Task.WhenAll(new[] { "olga", "bob" }.Select(user => Task.Run(async () =>
        {
            var client = api.Operator(user, Queue);
            await start.WaitAsync();
            return await client.PostJsonAsync($"/fallout-cases/{created.Id()}/assign", new JsonObject(), created.Version());
        })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.PreconditionFailed);
        Assert.Equal(created.Version() + 1, await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT version FROM fallout_cases WHERE id = @id", ("id", created.Id())));
    }
}
