using System.Net;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Events;
using FalloutManagement.Api.Modules.Queues.Domain;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Cases;

/// <summary>The service with the intake's rows written by EF Core's update pipeline instead of DirectInserts.</summary>
public sealed class EfCoreWritesFixture : ApiFixture
{
    public override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [DirectInserts.Setting] = "false" };
}

/// <summary>
/// A save that only adds rows (the intake) is written by DirectInserts as one batch of INSERTs: the rows must be the
/// ones EF Core writes, and the batch all or nothing.
/// </summary>
public sealed class DirectInsertsTests(ApiFixture direct, EfCoreWritesFixture efCore)
    : IClassFixture<ApiFixture>, IClassFixture<EfCoreWritesFixture>
{
    /// <summary>Every row an intake wrote for its case, as JSON without the values that differ from run to run (ids).</summary>
    private static Task<string> RowsOfAsync(ApiFixture api, Guid caseId) => Sql.ScalarAsync<string>(api.ConnectionString, """
        SELECT jsonb_build_object(
            'case', (SELECT to_jsonb(c) - 'id' FROM fallout_cases c WHERE c.id = @case),
            'occurrences', (SELECT jsonb_agg(to_jsonb(o) - 'id' - 'case_id' ORDER BY o.received_at) FROM fallout_occurrences o WHERE o.case_id = @case),
            'audit', (SELECT jsonb_agg(to_jsonb(a) - 'id' - 'case_id' - 'hash' - 'previous_hash' ORDER BY a.chain_seq) FROM audit_entries a WHERE a.case_id = @case),
            'events', (SELECT jsonb_agg(jsonb_build_object('type', e.event_type, 'at', e.occurred_at,
                           'payload', e.payload_json - 'eventId' - 'falloutCaseId') ORDER BY e.position) FROM outbox_events e WHERE e.case_id = @case),
            'clocks', (SELECT jsonb_agg(to_jsonb(k) - 'id' - 'case_id' - 'policy_id' ORDER BY k.kind) FROM sla_clocks k WHERE k.case_id = @case))::text
        """, ("case", caseId));

    [Fact]
    public async Task An_intake_writes_the_same_rows_as_through_EF_Core()
    {
        var payload = Http.Fallout(b => b["sourceEventId"] = "evt-direct-inserts");
        var batches = direct.App.Services.GetRequiredService<DirectInserts>().Batches;
        var viaDirect = await (await direct.Source().PostJsonAsync("/fallout-cases", payload.DeepClone())).ExpectAsync(HttpStatusCode.Created);
        var viaEfCore = await (await efCore.Source().PostJsonAsync("/fallout-cases", payload.DeepClone())).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(batches + 1, direct.App.Services.GetRequiredService<DirectInserts>().Batches);
        Assert.Equal(0, efCore.App.Services.GetRequiredService<DirectInserts>().Batches);
        var rows = await RowsOfAsync(direct, viaDirect.Id());
        Assert.Equal(await RowsOfAsync(efCore, viaEfCore.Id()), rows);
        Assert.Contains("\"clocks\": [{", rows, StringComparison.Ordinal);
        Assert.Contains("\"CASE_QUEUED\"", rows, StringComparison.Ordinal);
        Assert.Equal(viaEfCore.Str("status"), viaDirect.Str("status"));
        // Both chains verify: the sealed entries were written as they were sealed.
        foreach (var (api, id) in new[] { (direct, viaDirect.Id()), (efCore as ApiFixture, viaEfCore.Id()) })
        {
            var verify = await (await api.Auditor().GetAsync($"/fallout-cases/{id}/audit/verify")).ExpectAsync(HttpStatusCode.OK);
            Assert.True((bool)verify["valid"]!);
        }
    }

    [Fact]
    public async Task A_table_s_rows_go_in_one_statement_each_and_keep_their_order()
    {
        var inserts = direct.App.Services.GetRequiredService<DirectInserts>();
        var ids = Enumerable.Range(0, DirectInserts.MaxRowsPerStatement * 2 + 3).Select(_ => Guid.CreateVersion7()).ToList();
        var caseId = Guid.CreateVersion7();
        var (batches, statements) = (inserts.Batches, inserts.Statements);
        using (var scope = direct.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            // Added in reverse: the rows are written in key order (Guid's order), as EF Core writes them.
            foreach (var id in Enumerable.Reverse(ids))
            {
                db.Add(new OutboxEvent(id, "TestEvent", caseId, DateTimeOffset.UtcNow, "{}"));
            }
            Assert.Equal(ids.Count, await db.SaveChangesAsync());
        }

        Assert.Equal(batches + 1, inserts.Batches);
        // 35 rows of one table: 16 + 16 + 3.
        Assert.Equal(statements + 3, inserts.Statements);
        var positions = await Sql.ScalarAsync<string>(direct.ConnectionString,
            "SELECT string_agg(id::text, ',' ORDER BY position) FROM outbox_events WHERE case_id = @case", ("case", caseId));
        Assert.Equal(string.Join(',', ids.Order()), positions);

        // An intake: its 12 rows in five tables, five statements.
        statements = inserts.Statements;
        await (await direct.Source().PostJsonAsync("/fallout-cases", Http.Fallout(b => b["sourceEventId"] = "evt-direct-statements")))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(statements + 5, inserts.Statements);
    }

    [Fact]
    public async Task A_batch_that_fails_on_one_row_writes_none_and_fails_as_EF_Core_does()
    {
        var taken = Guid.CreateVersion7();
        using (var scope = direct.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            db.Add(new OutboxEvent(taken, "TestEvent", null, DateTimeOffset.UtcNow, "{}"));
            await db.SaveChangesAsync();
        }
        var audit = Guid.CreateVersion7();
        using (var scope = direct.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            // audit_entries is written before outbox_events (no foreign key between them: table order), so the audit
            // row is in when the outbox row's key is refused.
            // Sealed, so every column has its value and the save is DirectInserts' to write.
            var entry = new AuditEntry(audit, null, null, "test", "TEST_DIRECT_INSERTS", null, null, null, null, DateTimeOffset.UtcNow);
            Assert.True(AuditChain.TrySeal([entry]));
            db.Add(entry);
            db.Add(new OutboxEvent(taken, "TestEvent", null, DateTimeOffset.UtcNow, "{}"));

            var failed = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

            Assert.StartsWith("Writing 2 new rows failed", failed.Message, StringComparison.Ordinal);
            Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(failed.InnerException).SqlState);
            Assert.Equal(2, failed.Entries.Count);
        }
        Assert.Equal(0, await Sql.CountAsync(direct.ConnectionString, "audit_entries", "id = @id", ("id", audit)));
    }

    [Fact]
    public async Task A_save_inside_the_caller_s_transaction_is_left_to_EF_Core()
    {
        var inserts = direct.App.Services.GetRequiredService<DirectInserts>();
        var id = Guid.CreateVersion7();
        using var scope = direct.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
        var before = inserts.Batches;

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Add(new OutboxEvent(id, "TestEvent", null, DateTimeOffset.UtcNow, "{}"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.Equal(before, inserts.Batches);
        Assert.Equal(1, await Sql.CountAsync(direct.ConnectionString, "outbox_events", "id = @id", ("id", id)));
    }

    [Fact]
    public async Task An_entity_type_it_does_not_plan_for_is_left_to_EF_Core()
    {
        var inserts = direct.App.Services.GetRequiredService<DirectInserts>();
        var before = inserts.Batches;
        using (var scope = direct.App.Services.CreateScope())
        {
            // A queue has a primitive collection (its working days) and a foreign key to itself (its escalation queue).
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            db.Add(new FalloutQueue("DIRECT_INSERTS_TEST") { Name = "test", WorkingDays = [DayOfWeek.Monday, DayOfWeek.Friday] });
            await db.SaveChangesAsync();
        }

        Assert.Equal(before, inserts.Batches);
        Assert.Equal(2L, await Sql.ScalarAsync<long>(direct.ConnectionString,
            "SELECT cardinality(working_days) FROM queues WHERE code = 'DIRECT_INSERTS_TEST'"));
    }
}
