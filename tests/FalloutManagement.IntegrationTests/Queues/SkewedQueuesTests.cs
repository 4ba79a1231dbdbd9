using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Assignment;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Queues;

/// <summary>A database of its own: one queue holds thousands of cases, the others next to none.</summary>
public sealed class SkewedQueuesFixture : ApiFixture;

/// <summary>
/// Cases skewed across queues (a storm fills one): pull-next and the work-list of a small queue must read that queue,
/// not walk the all-queues SLA index past the big queue's cases; nor an operator's work-list without a queue filter.
/// The queues are written into their SQL as literals, so PostgreSQL plans each for its own values even once the
/// statement is prepared.
/// </summary>
public sealed class SkewedQueuesTests(SkewedQueuesFixture api) : IClassFixture<SkewedQueuesFixture>
{
    private const int BigQueueCases = 5000;

    /// <summary>
    /// Copies one reported case <see cref="BigQueueCases"/> times in one statement (about a second: the record is
    /// built once per row in a LATERAL, not once per column as <c>(f(x)).*</c> would). Kept short on purpose: an open
    /// transaction holds back the event feed of every test database on the server (Feed.SettledAsync). Returns the
    /// code of the queue it filled.
    /// </summary>
    private async Task<string> FillOneQueueAsync()
    {
        var template = await api.ReportAsync();
        await Sql.ExecuteAsync(api.ConnectionString, $"""
            INSERT INTO fallout_cases
            SELECT r.*
              FROM fallout_cases c
             CROSS JOIN generate_series(1, {BigQueueCases}) g
             CROSS JOIN LATERAL jsonb_populate_record(NULL::fallout_cases, to_jsonb(c) || jsonb_build_object(
                       'id', gen_random_uuid(), 'source_event_id', 'skew-' || c.id || '-' || g,
                       'service_order_item_id', 'skew-soi-' || c.id || '-' || g)) r
             WHERE c.id = @id;
            ANALYZE fallout_cases;
            """, ("id", template.Id()));
        return template.Str("queue")!;
    }

    [Fact]
    public async Task Pull_next_on_a_small_queue_reads_that_queue_only_and_the_work_list_takes_only_queue_codes()
    {
        var bigQueue = await FillOneQueueAsync();
        Assert.True(await Sql.CountAsync(api.ConnectionString, "fallout_cases", "queue = @q AND status = 'QUEUED'", ("q", bigQueue)) > BigQueueCases);
        const string smallQueue = "BILLING_RA";
        Assert.NotEqual(smallQueue, bigQueue);

        using (var scope = api.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            var pick = PullNextEndpoint.PickSql(db, smallQueue);
            Assert.Contains("queue = 'BILLING_RA'", pick, StringComparison.Ordinal);
            // The plan the service gets: the statement has no parameters, so prepared or not it is planned for this queue.
            var plan = JsonNode.Parse(await Sql.ScalarAsync<string>(api.ConnectionString, "EXPLAIN (ANALYZE, FORMAT JSON) " + pick))!;
            var scans = Flatten(plan[0]!["Plan"]!).Where(n => n["Relation Name"]?.GetValue<string>() == "fallout_cases").ToList();
            var scan = Assert.Single(scans);
            Assert.NotEqual("ix_fallout_cases_sla_due_at_id", scan["Index Name"]?.GetValue<string>());
            Assert.True((scan["Rows Removed by Filter"]?.GetValue<double>() ?? 0) < 100, plan.ToJsonString());
            // A quote in a code cannot break out of the literal.
            Assert.Contains("queue = 'X''Y'", PullNextEndpoint.PickSql(db, "X'Y"), StringComparison.Ordinal);
        }

        await (await api.Supervisor().PostJsonAsync($"/queues/{smallQueue}/next", null)).ExpectAsync(HttpStatusCode.NoContent);
        var pulled = await (await api.Supervisor().PostJsonAsync($"/queues/{bigQueue}/next", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(bigQueue, pulled.Str("queue"));

        // The work-list: a queue's page as before; a value no queue code can have matches nothing (never written into SQL).
        var page = await (await api.Supervisor().GetAsync($"/fallout-cases?queue={bigQueue}&limit=5")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, page["items"]!.AsArray().Count);
        Assert.All(page["items"]!.AsArray(), item => Assert.Equal(bigQueue, item!["queue"]!.GetValue<string>()));
        foreach (var odd in new[] { bigQueue.ToLowerInvariant(), "A'B", "Q%20Q" })
        {
            var none = await (await api.Supervisor().GetAsync($"/fallout-cases?queue={odd}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Empty(none["items"]!.AsArray());
        }
        await (await api.Supervisor().GetAsync("/fallout-cases?queue=lower&status=NOPE")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task The_approvals_escalations_and_sla_breached_views_read_their_own_indexes_not_every_case()
    {
        await FillOneQueueAsync();
        // The list writes the status as a literal and escalated as `escalation_level > 0`: the partial indexes serve
        // these pages, whatever the other cases (here 5,000 QUEUED ones) are.
        foreach (var (where, index) in new[]
                 {
                     ("status = 'APPROVAL_REQUIRED'", "ix_fallout_cases_open_status_sla_due_at_id"),
                     ("escalation_level > 0", "ix_fallout_cases_escalated_sla_due_at_id"),
                     // SLA breached, as the list writes it, across queues and in one queue.
                     ("sla_due_at < now() AND status <> 'CLOSED' AND status <> 'CANCELLED'", "ix_fallout_cases_open_sla_due_at_id"),
                     ("queue = 'BILLING_RA' AND sla_due_at < now() AND status <> 'CLOSED' AND status <> 'CANCELLED'",
                         "ix_fallout_cases_open_queue_sla_due_at_id"),
                 })
        {
            var plan = JsonNode.Parse(await Sql.ScalarAsync<string>(api.ConnectionString,
                $"EXPLAIN (FORMAT JSON) SELECT * FROM fallout_cases WHERE {where} ORDER BY sla_due_at, id LIMIT 51"))!;
            Assert.Contains(Flatten(plan[0]!["Plan"]!), node => node["Index Name"]?.GetValue<string>() == index);
        }
        foreach (var filter in new[] { "status=APPROVAL_REQUIRED", "escalated=true", "slaBreached=true", "queue=BILLING_RA&slaBreached=true" })
        {
            var page = await (await api.Supervisor().GetAsync($"/fallout-cases?{filter}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Empty(page["items"]!.AsArray());
        }
    }

    [Fact]
    public async Task An_operators_work_list_without_a_queue_filter_is_planned_for_the_operators_own_queues()
    {
        var bigQueue = await FillOneQueueAsync();
        const string smallQueue = "BILLING_RA";

        using (var scope = api.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            // An operator of the small queue, with a claim no queue code can have (dropped, never written into SQL).
            var caller = Caller.From(new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(FalloutClaims.Subject, "olga"), new Claim(FalloutClaims.Role, Roles.Operator),
                new Claim(FalloutClaims.Queues, smallQueue), new Claim(FalloutClaims.Queues, "X'Y"),
            ], "test")));
            var sql = CaseAccess.Visible(db.Set<FalloutCase>(), caller).OrderBy(c => c.SlaDueAt).ThenBy(c => c.Id)
                .ToQueryString() + "\nLIMIT 51";
            // No parameter: the statement is planned for these queues even once it is prepared.
            Assert.DoesNotContain("@", sql, StringComparison.Ordinal);
            Assert.Contains("queue = 'BILLING_RA'", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("X'Y", sql, StringComparison.Ordinal);
            var plan = JsonNode.Parse(await Sql.ScalarAsync<string>(api.ConnectionString, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql))!;
            Assert.DoesNotContain(Flatten(plan[0]!["Plan"]!), node => (node["Rows Removed by Filter"]?.GetValue<double>() ?? 0) >= 100);
        }

        // From outside: the operator of the big queue gets its page, the small queue's operator none of those cases,
        // and an operator whose only claim is no queue code sees nothing.
        var page = await (await api.Operator("olga", bigQueue).GetAsync("/fallout-cases?limit=5")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, page["items"]!.AsArray().Count);
        Assert.All(page["items"]!.AsArray(), item => Assert.Equal(bigQueue, item!["queue"]!.GetValue<string>()));
        var small = await (await api.Operator("bima", smallQueue).GetAsync("/fallout-cases?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(small["items"]!.AsArray(), item => Assert.Equal(smallQueue, item!["queue"]!.GetValue<string>()));
        var odd = await (await api.Operator("odd", "lower_case").GetAsync("/fallout-cases")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(odd["items"]!.AsArray());
    }

    private static IEnumerable<JsonNode> Flatten(JsonNode node) =>
        new[] { node }.Concat(node["Plans"]?.AsArray().SelectMany(child => Flatten(child!)) ?? []);
}
