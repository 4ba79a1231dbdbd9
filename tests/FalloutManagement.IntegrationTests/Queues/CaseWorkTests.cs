using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Queues;

/// <summary>assign (claim, hand-over), start, wait, continue and escalate, with every refusal.</summary>
public sealed class CaseWorkTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Queue = "MOBILE_ACTIVATION_L2";

    private HttpClient Olga => api.Operator("olga", Queue);

    private HttpClient Oscar => api.Operator("oscar", Queue);

    private static JsonObject Reason(string reason = "because") => new() { ["reason"] = reason };

    private async Task<JsonObject> ClaimedByOlgaAsync() => await CaseFlow.ClaimAsync(Olga, await api.ReportAsync());

    private async Task<JsonObject> InProgressAsync() => await CaseFlow.StartAsync(Olga, await ClaimedByOlgaAsync());

    [Fact]
    public async Task An_operator_claims_a_queued_case_and_hands_it_over_with_a_reason()
    {
        var claimed = await ClaimedByOlgaAsync();
        Assert.Equal("ASSIGNED", claimed.Str("status"));
        Assert.Equal("olga", claimed.Str("assignedUser"));
        var url = $"/fallout-cases/{claimed.Id()}/assign";

        await (await Oscar.PostJsonAsync(url, new JsonObject(), claimed.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync(url, new JsonObject { ["user"] = "oscar" }, claimed.Version())).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await Olga.PostJsonAsync(url, new JsonObject { ["user"] = "olga" }, claimed.Version())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await Olga.PostJsonAsync(url, new JsonObject { ["user"] = "oscar", ["queue"] = "FRAUD_REVIEW", ["reason"] = "x" }, claimed.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var handedOver = await (await Olga.PostJsonAsync(url, new JsonObject { ["user"] = "oscar", ["reason"] = "shift ends" }, claimed.Version()))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("oscar", handedOver.Str("assignedUser"));
        Assert.Equal("ASSIGNED", handedOver.Str("status"));
    }

    [Fact]
    public async Task Assign_refuses_other_queues_roles_versions_and_operators_assigning_others()
    {
        var created = await api.ReportAsync();
        var url = $"/fallout-cases/{created.Id()}/assign";
        await (await api.Operator("fred", "FRAUD_REVIEW").PostJsonAsync(url, new JsonObject(), created.Version())).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Auditor().PostJsonAsync(url, new JsonObject(), created.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Source().PostJsonAsync(url, new JsonObject(), created.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync(url, new JsonObject { ["user"] = "oscar" }, created.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync(url, new JsonObject(), null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await Olga.PostJsonAsync(url, new JsonObject(), created.Version() + 5)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        var assigned = await (await api.Supervisor().PostJsonAsync(url, new JsonObject { ["user"] = "oscar" }, created.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("oscar", assigned.Str("assignedUser"));

        var triage = await api.ReportAsync(b =>
        {
            b.Remove("categoryHint");
            b["reasonCode"] = "UNROUTED_" + Guid.NewGuid().ToString("N")[..6];
        });
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{triage.Id()}/assign", new JsonObject(), triage.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Only_the_owner_starts_and_only_once()
    {
        var claimed = await ClaimedByOlgaAsync();
        var url = $"/fallout-cases/{claimed.Id()}/start";
        await (await Oscar.PostJsonAsync(url, null, claimed.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync(url, null, null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        var started = await (await Olga.PostJsonAsync(url, null, claimed.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("IN_PROGRESS", started.Str("status"));
        await (await Olga.PostJsonAsync(url, null, started.Version())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");

        var queued = await api.ReportAsync();
        await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{queued.Id()}/start", null, queued.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Wait_and_continue_move_the_case_and_refuse_bad_input_strangers_and_wrong_states()
    {
        var working = await InProgressAsync();
        var wait = $"/fallout-cases/{working.Id()}/wait";
        var resume = $"/fallout-cases/{working.Id()}/continue";
        var v = working.Version();
        await (await Olga.PostJsonAsync(wait, new JsonObject { ["waitingFor"] = "GODOT", ["reason"] = "x" }, v)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await Olga.PostJsonAsync(wait, new JsonObject { ["waitingFor"] = "PARTNER" }, v)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await Olga.PostJsonAsync(wait, new JsonObject
        {
            ["waitingFor"] = "PARTNER", ["reason"] = "x", ["until"] = api.Clock.GetUtcNow().AddHours(-1).ToString("O", CultureInfo.InvariantCulture),
        }, v)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await Oscar.PostJsonAsync(wait, new JsonObject { ["waitingFor"] = "PARTNER", ["reason"] = "x" }, v)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync(resume, null, v)).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");

        var waiting = await (await Olga.PostJsonAsync(wait, new JsonObject { ["waitingFor"] = "PARTNER", ["reason"] = "MVNO host asked" }, v))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("WAITING_PARTNER", waiting.Str("status"));
        Assert.Equal("PAUSED", waiting.Clock("TIME_TO_RESOLVE").Str("state"));
        await (await Olga.PostJsonAsync(wait, new JsonObject { ["waitingFor"] = "VENDOR", ["reason"] = "x" }, waiting.Version()))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        await (await Oscar.PostJsonAsync(resume, null, waiting.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await Olga.PostJsonAsync(resume, null, v)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");

        // A hand-over while waiting keeps the state.
        var handedOver = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{working.Id()}/assign",
            new JsonObject { ["user"] = "oscar", ["reason"] = "olga is away" }, waiting.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("WAITING_PARTNER", handedOver.Str("status"));
        var resumed = await (await Oscar.PostJsonAsync(resume, null, handedOver.Version())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("IN_PROGRESS", resumed.Str("status"));
        Assert.Equal("ON_TRACK", resumed.Clock("TIME_TO_RESOLVE").Str("state"));
    }

    [Fact]
    public async Task Escalate_needs_ownership_and_is_refused_to_strangers_bad_input_and_terminal_cases()
    {
        var created = await api.ReportAsync();
        var url = $"/fallout-cases/{created.Id()}/escalate";
        var v = created.Version();
        await (await api.Operator("fred", "FRAUD_REVIEW").PostJsonAsync(url, Reason(), v)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Auditor().PostJsonAsync(url, Reason(), v)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Source().PostJsonAsync(url, Reason(), v)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        // Escalating needs ownership: olga claims the case first.
        await (await Olga.PostJsonAsync(url, Reason(), v)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        v = (await CaseFlow.ClaimAsync(Olga, created)).Version();
        await (await Olga.PostJsonAsync(url, new JsonObject(), v)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await Olga.PostJsonAsync(url, Reason(), null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await Olga.PostJsonAsync(url, Reason(), v + 1)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");

        var escalated = await (await Olga.PostJsonAsync(url, Reason("vendor needed").With("raiseSeverity", true), v)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("CRITICAL", escalated.Str("severity"));
        Assert.Equal(1, (int)escalated["escalationLevel"]!);
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id AND event_type = 'FalloutCaseEscalated'", ("id", created.Id())));

        var cancelled = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/cancel", Reason("duplicate"), escalated.Version()))
            .ExpectAsync(HttpStatusCode.OK);
        await (await api.Supervisor().PostJsonAsync(url, Reason(), cancelled.Version())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }
}
