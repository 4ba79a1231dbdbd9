using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Audit;

/// <summary>
/// The service seals the first audit entries of a case it creates (AuditChain): the hash it computes must be the one
/// the database's fallout_audit_hash computes, or /audit/verify would call a true chain broken.
/// </summary>
public sealed class AuditChainSealTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly CaseFlow _flow = new(api);

    private static readonly string?[] Texts =
    [
        "plain", "", null, "quote \" backslash \\ slash /", "tab\tnewline\ncr\rbackspace\bformfeed\f",
        "controls \u0001 \u001f and DEL \u007f", "{\"looks\": \"like json\"}",
    ];

    private static readonly string?[] Snapshots =
    [
        null,
        """{"status":"QUEUED","version":3,"queue":"MOBILE_ACTIVATION_L2","assignedUser":null,"category":null,"severity":"HIGH"}""",
        """{"b":{"zz":[1,-2,true,false,null,"x"],"a":{}},"aa":[],"c":"\u0041\n\"q\"","bb":-7,"ab":0}""",
        """ { "spaced" : [ 1 , 2 ] , "deep" : { "k" : { "k" : { "k" : "v" } } } } """,
        "\"just a string\"", "[]", "{}", "123456789012345678901234567890", "-5", "true", "null",
    ];

    private async Task<AuditEntry> WrittenByTheTriggerAsync(Guid? caseId, string? text, string? before, string? after, DateTimeOffset at)
    {
        using var scope = api.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
        var entry = new AuditEntry(Guid.CreateVersion7(), caseId, caseId is null ? null : Guid.NewGuid(), "actor " + (text ?? "none"),
            "ACTION_" + (text?.Length ?? 0), text, before, after, text, at);
        db.Add(entry);
        await db.SaveChangesAsync();
        return entry;
    }

    [Fact]
    public async Task The_service_hashes_an_entry_exactly_as_the_database_does()
    {
        var (caseId, _, _) = await _flow.ReportAsync();
        // Ticks below the microsecond: PostgreSQL keeps whole microseconds, and so must the hash.
        var at = new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero).AddTicks(1_234_567);
        var compared = 0;
        foreach (var text in Texts)
        {
            foreach (var snapshot in Snapshots)
            {
                foreach (var chain in new Guid?[] { null, caseId })
                {
                    var entry = await WrittenByTheTriggerAsync(chain, text, snapshot, Snapshots[1], at);

                    Assert.NotNull(entry.Hash);
                    Assert.Equal(entry.Hash, AuditChain.Hash(entry, entry.ChainSeq, entry.PreviousHash!));
                    compared++;
                }
            }
        }
        Assert.Equal(Texts.Length * Snapshots.Length * 2, compared);
        Assert.True((bool)(await VerifyAsync(caseId))["valid"]!);
    }

    [Theory]
    [InlineData("Pelanggan sudah ada dengan IMSI berbeda \u2014 cek HLR", null)]
    [InlineData("plain", """{"amount":1.50}""")]
    [InlineData("plain", """{"big":1e3}""")]
    [InlineData("plain", """{"twice":1,"twice":2}""")]
    [InlineData("plain", """{"name":"Jos\u00e9"}""")]
    public async Task What_the_service_cannot_print_with_certainty_it_leaves_to_the_trigger(string text, string? snapshot)
    {
        var entry = await WrittenByTheTriggerAsync(null, text, snapshot, null, DateTimeOffset.UtcNow);

        Assert.Null(AuditChain.Hash(entry, entry.ChainSeq, entry.PreviousHash!));
        Assert.False(AuditChain.TrySeal([new AuditEntry(Guid.CreateVersion7(), null, null, "a", "A", text, snapshot, null, null, DateTimeOffset.UtcNow)]));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(api.ConnectionString,
            "SELECT count(*) FROM audit_entries a WHERE a.id = @id AND a.hash = fallout_audit_hash(a)", ("id", entry.Id)));
    }

    [Fact]
    public async Task A_new_case_s_first_entries_are_sealed_by_the_service_and_the_chain_goes_on_in_the_database()
    {
        var (id, version, _) = await _flow.ReportAsync();

        // Positions 1..3 carry the hash the database computes for them, from the genesis on.
        var sealedRight = await Sql.ScalarAsync<long>(api.ConnectionString, """
            SELECT count(*) FROM audit_entries a
             WHERE a.case_id = @case AND a.chain_seq BETWEEN 1 AND 3 AND a.hash = fallout_audit_hash(a)
               AND a.previous_hash = CASE WHEN a.chain_seq = 1 THEN repeat('0', 64)
                   ELSE (SELECT p.hash FROM audit_entries p WHERE p.case_id = a.case_id AND p.chain_seq = a.chain_seq - 1) END
            """, ("case", id));
        Assert.Equal(3L, sealedRight);

        // The next change is chained by the trigger after the sealed entries.
        await _flow.StartAsync(id, version);
        var result = await VerifyAsync(id);
        Assert.True((bool)result["valid"]!);
        Assert.Equal(5, (int)result["entries"]!);
    }

    [Fact]
    public async Task A_case_reported_with_text_the_service_does_not_seal_is_chained_by_the_database()
    {
        var (id, _, _) = await _flow.ReportAsync(b => b["message"] = "Pelanggan sudah ada \u2014 IMSI berbeda (\u00e9t\u00e9)");

        var result = await VerifyAsync(id);

        Assert.True((bool)result["valid"]!);
        Assert.Equal(3, (int)result["entries"]!);
    }

    [Fact]
    public async Task The_database_takes_a_seal_only_when_it_continues_the_chain_as_the_transaction_sees_it()
    {
        var (existing, _, _) = await _flow.ReportAsync();
        var fresh = Guid.NewGuid();
        const string Sealed = """
            INSERT INTO audit_entries (id, case_id, actor, action, occurred_at, chain_seq, previous_hash, hash)
            VALUES (gen_random_uuid(), @case, 'writer', @action, now(), @seq, repeat('0', 64), repeat('a', 64))
            """;
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        Task<int> RunAsync(string sql, params (string Name, object Value)[] parameters) => Sql.ExecuteAsync(connection, sql, parameters);

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await RunAsync("""
                CREATE TEMP TABLE copy ON COMMIT DROP AS SELECT * FROM fallout_cases WHERE id = @existing;
                UPDATE copy SET id = @fresh, source_event_id = 'sealed-' || @fresh::text, service_order_item_id = 'sealed-' || @fresh::text;
                INSERT INTO fallout_cases SELECT * FROM copy;
                """, ("existing", existing), ("fresh", fresh));
            // A case this transaction creates (a copy of the reported one under new keys) takes its sealed first entry as is.
            await RunAsync(Sealed, ("case", fresh), ("action", "SEALED"), ("seq", 1L));
            // An entry sealed at a position the chain already holds is chained here instead: position 2 after it.
            await RunAsync(Sealed, ("case", fresh), ("action", "AGAIN"), ("seq", 1L));
            // So is a forged seal on a case with entries: position 4, the true hash.
            await RunAsync(Sealed, ("case", existing), ("action", "FORGED"), ("seq", 2L));
            await transaction.CommitAsync();
        }

        Assert.Equal(new string('a', 64), await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT hash FROM audit_entries WHERE case_id = @case AND chain_seq = 1", ("case", fresh)));
        Assert.Equal(1L, await Sql.CountAsync(api.ConnectionString, "audit_entries a",
            "a.case_id = @case AND a.action = 'AGAIN' AND a.chain_seq = 2 AND a.previous_hash = repeat('a', 64) AND a.hash = fallout_audit_hash(a)",
            ("case", fresh)));
        Assert.Equal(1L, await Sql.CountAsync(api.ConnectionString, "audit_entries a",
            "a.case_id = @case AND a.action = 'FORGED' AND a.chain_seq = 4 AND a.hash = fallout_audit_hash(a)", ("case", existing)));
        Assert.True((bool)(await VerifyAsync(existing))["valid"]!);
    }

    private async Task<JsonObject> VerifyAsync(Guid id) =>
        await (await api.Auditor().GetAsync($"/fallout-cases/{id}/audit/verify")).ExpectAsync(HttpStatusCode.OK);
}
