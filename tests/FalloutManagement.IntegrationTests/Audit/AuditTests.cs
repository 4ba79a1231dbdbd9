using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.IntegrationTests.Events;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Audit;

public sealed class AuditTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private readonly CaseFlow _flow = new(api);

    private async Task<(Guid Id, JsonObject Body)> WorkedCaseAsync()
    {
        var (id, version, body) = await _flow.ReportAsync();
        version = await _flow.StartAsync(id, version);
        await _flow.WaitAsync(id, "PARTNER", version);
        return (id, body);
    }

    private async Task<List<JsonObject>> AuditAsync(Guid id, HttpClient? client = null)
    {
        var body = await (await (client ?? api.Auditor()).GetAsync($"/fallout-cases/{id}/audit")).ExpectAsync(HttpStatusCode.OK);
        return [.. body["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    private async Task<JsonObject> VerifyAsync(Guid id) =>
        await (await api.Auditor().GetAsync($"/fallout-cases/{id}/audit/verify")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Changes an audit row behind the service's back, as a database superuser who lifts the append-only trigger.</summary>
    private Task TamperAsync(string statement, Guid caseId) =>
        Sql.ExecuteAsync(api.ConnectionString, $"""
            ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
            {statement};
            ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
            """, ("case", caseId));

    [Fact]
    public async Task Each_entry_says_who_did_what_why_before_and_after_and_links_to_the_one_before()
    {
        var (id, body) = await WorkedCaseAsync();

        var entries = await AuditAsync(id, api.Supervisor());

        Assert.Equal(["CASE_DETECTED", "CASE_CLASSIFIED", "CASE_QUEUED", "CASE_ASSIGNED", "CASE_STARTED", "CASE_WAITING"],
            entries.Select(e => e.Str("action")));
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => (long)e["chainSeq"]!));
        Assert.Equal("activation-service", entries[0].Str("actor"));
        Assert.Null(entries[0]["before"]);
        var waiting = entries[^1];
        Assert.Equal(CaseFlow.Supervisor, waiting.Str("actor"));
        Assert.Equal("waiting for PARTNER", waiting.Str("reason"));
        Assert.Equal("IN_PROGRESS", waiting["before"]!["status"]!.GetValue<string>());
        Assert.Equal("WAITING_PARTNER", waiting["after"]!["status"]!.GetValue<string>());
        Assert.Equal(api.Clock.GetUtcNow(), DateTimeOffset.Parse(waiting.Str("occurredAt")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(entries, e => Assert.Equal(body.Str("correlationId"), e.Str("correlationId")));
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{64}$", e.Str("hash")!));
        Assert.Equal(Genesis, entries[0].Str("previousHash"));
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Str("hash"), entries[i].Str("previousHash"));
        }
    }

    [Fact]
    public async Task An_untouched_chain_verifies()
    {
        var (id, _) = await WorkedCaseAsync();

        var result = await VerifyAsync(id);

        Assert.True((bool)result["valid"]!);
        Assert.Null(result["brokenAt"]);
        Assert.Equal(6, (int)result["entries"]!);
        Assert.Equal((await AuditAsync(id))[^1].Str("hash"), result.Str("lastHash"));
    }

    [Fact]
    public async Task A_reason_rewritten_behind_the_service_s_back_breaks_the_chain_at_that_entry()
    {
        var (id, _) = await WorkedCaseAsync();
        var (other, _) = await WorkedCaseAsync();

        await TamperAsync("UPDATE audit_entries SET reason = 'nothing to see here' WHERE case_id = @case AND chain_seq = 4", id);

        var result = await VerifyAsync(id);
        Assert.False((bool)result["valid"]!);
        Assert.Equal(4, (long)result["brokenAt"]!);
        Assert.Equal((await AuditAsync(id))[3].Str("id"), result.Str("brokenEntryId"));
        Assert.Contains("hash", result.Str("problem"), StringComparison.Ordinal);
        Assert.True((bool)(await VerifyAsync(other))["valid"]!);
    }

    [Fact]
    public async Task A_rewrite_that_also_recomputes_the_entry_s_hash_shows_at_the_next_link()
    {
        var (id, _) = await WorkedCaseAsync();

        await TamperAsync("""
            UPDATE audit_entries SET actor = 'someone.else' WHERE case_id = @case AND chain_seq = 2;
            ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
            UPDATE audit_entries a SET hash = fallout_audit_hash(a) WHERE case_id = @case AND chain_seq = 2
            """, id);

        var result = await VerifyAsync(id);
        Assert.False((bool)result["valid"]!);
        Assert.Equal(3, (long)result["brokenAt"]!);
        Assert.Contains("link", result.Str("problem"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_entry_shows_as_a_gap()
    {
        var (id, _) = await WorkedCaseAsync();

        await TamperAsync("DELETE FROM audit_entries WHERE case_id = @case AND chain_seq = 3", id);

        var result = await VerifyAsync(id);
        Assert.False((bool)result["valid"]!);
        Assert.Equal(4, (long)result["brokenAt"]!);
        Assert.Contains("missing", result.Str("problem"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_s_own_login_cannot_change_audit_entries()
    {
        var (id, _) = await WorkedCaseAsync();

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            Sql.ExecuteAsync(api.ConnectionString, "UPDATE audit_entries SET reason = 'x' WHERE case_id = @case", ("case", id)));

        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auditors_search_the_trail_by_actor_action_and_time_in_pages()
    {
        var actor = Http.Unique("aud-sup");
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var start = api.Clock.GetUtcNow();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            var (id, version, _) = await _flow.ReportAsync();
            await (await api.Supervisor(actor).PostJsonAsync($"/fallout-cases/{id}/assign", new JsonObject { ["user"] = actor }, version))
                .ExpectAsync(HttpStatusCode.OK);
            ids.Add(id);
        }
        api.Clock.Advance(TimeSpan.FromMinutes(1));

        var first = await (await api.Auditor().GetAsync($"/audit?actor={actor}&action=CASE_ASSIGNED&limit=2")).ExpectAsync(HttpStatusCode.OK);
        var second = await (await api.Auditor().GetAsync($"/audit?actor={actor}&action=CASE_ASSIGNED&limit=2&cursor={first.Str("nextCursor")}"))
            .ExpectAsync(HttpStatusCode.OK);
        var found = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!.AsObject()).ToList();
        Assert.Equal(ids.Select(i => i.ToString()), found.Select(e => e.Str("caseId")));
        Assert.All(found, e => Assert.Equal(actor, e.Str("actor")));
        Assert.Null(second["nextCursor"]);

        var window = await (await api.Auditor().GetAsync($"/audit?action=CASE_DETECTED&from={Uri.EscapeDataString(start.ToString("O"))}&limit=500"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, window["items"]!.AsArray().Count);
        var none = await (await api.Auditor().GetAsync($"/audit?actor={actor}&to={Uri.EscapeDataString(start.ToString("O"))}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(none["items"]!.AsArray());

        await (await api.Auditor().GetAsync("/audit?limit=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await api.Auditor().GetAsync("/audit?cursor=zzz")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task The_timeline_merges_audit_tasks_evidence_and_events_in_time_order()
    {
        var (id, version, _) = await _flow.ReportAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await _flow.StartAsync(id, version);
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        using (var scope = api.App.Services.CreateScope())
        {
            // Tasks and evidence have no endpoints of their own yet: drive the aggregate as they will.
            var store = scope.ServiceProvider.GetRequiredService<CaseStore>();
            var fallout = (await store.FindAsync(id, default))!;
            var actor = new Actor(CaseFlow.Supervisor, new HashSet<string> { Roles.Supervisor }, false);
            var task = fallout.CreateTask("CHECK_HLR", "Read back the HLR profile", null, null, true, actor, api.Clock.GetUtcNow());
            api.Clock.Advance(TimeSpan.FromMinutes(1));
            fallout.AttachEvidence(EvidenceType.READ_BACK_SNAPSHOT, "hlr", "s3://evidence/1", null, null, false, false, null, actor, api.Clock.GetUtcNow());
            fallout.CompleteTask(task.Id, "profile matches", actor, api.Clock.GetUtcNow());
            await scope.ServiceProvider.GetRequiredService<FalloutDbContext>().SaveChangesAsync();
        }

        var timeline = await (await api.Supervisor().GetAsync($"/fallout-cases/{id}/timeline")).ExpectAsync(HttpStatusCode.OK);
        var items = timeline["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        // A collection like every other, in one page.
        Assert.True(timeline.ContainsKey("nextCursor"));
        Assert.Null(timeline["nextCursor"]);

        var times = items.Select(i => DateTimeOffset.Parse(i.Str("at")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(8, items.Count(i => i.Str("kind") == "AUDIT"));
        Assert.Equal(7, items.Count(i => i.Str("kind") == "EVENT"));
        Assert.Equal(["TASK_CREATED", "TASK_COMPLETED"], items.Where(i => i.Str("kind") == "TASK").Select(i => i.Str("title")));
        var evidence = Assert.Single(items, i => i.Str("kind") == "EVIDENCE");
        Assert.Equal("READ_BACK_SNAPSHOT", evidence.Str("title"));
        Assert.Equal(CaseFlow.Supervisor, evidence.Str("actor"));
        Assert.Equal("CASE_DETECTED", items[0].Str("title"));
        Assert.Equal("TASK_COMPLETED", items.Last(i => i.Str("kind") == "AUDIT").Str("title"));
        await (await api.Operator("olga", "MOBILE_ACTIVATION_L2").GetAsync($"/fallout-cases/{id}/timeline")).ExpectAsync(HttpStatusCode.OK);
        await (await api.Operator("fred", "FIXED_FIELD_SUPPORT").GetAsync($"/fallout-cases/{id}/timeline"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Reading_audit_needs_the_auditor_or_supervisor_role_and_searching_it_the_auditor_role()
    {
        var (id, _, _) = await _flow.ReportAsync();
        await (await api.Auditor().GetAsync($"/fallout-cases/{Guid.NewGuid()}/audit")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Auditor().GetAsync($"/fallout-cases/{Guid.NewGuid()}/audit/verify")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Supervisor().GetAsync($"/fallout-cases/{id}/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        foreach (var client in new[] { api.Source(), api.Operator("olga", "MOBILE_ACTIVATION_L2"), api.Approver(), api.Admin() })
        {
            await (await client.GetAsync($"/fallout-cases/{id}/audit")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.GetAsync($"/fallout-cases/{id}/audit/verify")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await client.GetAsync("/audit")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        await (await api.Supervisor().GetAsync("/audit")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        foreach (var client in new[] { api.Source(), api.Admin() })
        {
            await (await client.GetAsync($"/fallout-cases/{id}/timeline")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        var anonymous = api.App.CreateClient();
        foreach (var url in new[] { $"/fallout-cases/{id}/audit", $"/fallout-cases/{id}/audit/verify", "/audit", $"/fallout-cases/{id}/timeline" })
        {
            await (await anonymous.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
    }
}
