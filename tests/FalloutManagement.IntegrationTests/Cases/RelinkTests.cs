using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Cases;

/// <summary><c>POST /fallout-cases/{id}/relink</c>: the supervisor's audited move to another order, order item or resource.</summary>
public sealed class RelinkTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonObject Relink(string? item = "soi-2", string? reason = "the order was re-planned onto a new item") =>
        new() { ["serviceOrderItemId"] = item, ["reason"] = reason };

    [Fact]
    public async Task A_supervisor_relinks_a_case_with_a_reason_and_it_is_audited_without_an_event()
    {
        var created = await api.ReportAsync();
        var events = await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id", ("id", created.Id()));

        var response = await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/relink", Relink(), created.Version());

        var relinked = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("soi-2", (string?)relinked["serviceOrderItemId"]);
        Assert.Equal(created.Version() + 1, relinked.Version());
        Assert.Equal(relinked.Version(), response.ETag());
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries",
            "case_id = @id AND action = 'CASE_RELINKED' AND actor = 'sam.supervisor' AND reason = 'the order was re-planned onto a new item'", ("id", created.Id())));
        Assert.Equal(events, await Sql.CountAsync(api.ConnectionString, "outbox_events", "case_id = @id", ("id", created.Id())));
    }

    [Fact]
    public async Task Relink_refusals_are_problems_that_change_nothing()
    {
        var created = await api.ReportAsync();
        var url = $"/fallout-cases/{created.Id()}/relink";

        await (await api.Operator("olga", "MOBILE_ACTIVATION_L2").PostJsonAsync(url, Relink(), created.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Supervisor().PostJsonAsync(url, Relink())).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await api.Supervisor().PostJsonAsync(url, Relink(), created.Version() - 1)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        await (await api.Supervisor().PostJsonAsync(url, Relink(reason: null), created.Version())).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Supervisor().PostJsonAsync(url, Relink(item: null), created.Version())).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Supervisor().PostJsonAsync(url, Relink(item: new string('x', 5000)), created.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        var cancelled = await (await api.Supervisor().PostJsonAsync($"/fallout-cases/{created.Id()}/cancel", new JsonObject { ["reason"] = "duplicate" },
            created.Version())).ExpectAsync(HttpStatusCode.OK);
        await (await api.Supervisor().PostJsonAsync(url, Relink(), cancelled.Version())).ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "audit_entries", "case_id = @id AND action = 'CASE_RELINKED'", ("id", created.Id())));
    }

    [Fact]
    public async Task Allowed_actions_offer_relink_to_supervisors_only()
    {
        var created = await api.ReportAsync();

        var supervisor = await (await api.Supervisor().GetAsync($"/fallout-cases/{created.Id()}/allowed-actions")).ExpectAsync(HttpStatusCode.OK);
        var operatorView = await (await api.Operator("olga", "MOBILE_ACTIVATION_L2").GetAsync($"/fallout-cases/{created.Id()}/allowed-actions"))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Contains("RELINK", supervisor["allowed"]!.AsArray().Select(a => (string?)a));
        Assert.DoesNotContain("RELINK", operatorView["allowed"]!.AsArray().Select(a => (string?)a));
    }
}
