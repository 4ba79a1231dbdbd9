using FalloutManagement.Api.Modules.Audit;

namespace FalloutManagement.UnitTests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero).AddTicks(9);

    private static AuditEntry Entry(string action, string? reason = "why", string? after = """{"status":"QUEUED","version":1}""") =>
        new(Guid.CreateVersion7(), Guid.NewGuid(), null, "source", action, reason, null, after, "corr", At);

    [Fact]
    public void Sealed_entries_take_positions_one_to_n_each_linked_to_the_hash_before_it()
    {
        List<AuditEntry> chain = [Entry("CASE_DETECTED"), Entry("CASE_CLASSIFIED"), Entry("CASE_QUEUED")];

        Assert.True(AuditChain.TrySeal(chain));

        Assert.Equal([1L, 2L, 3L], chain.Select(e => e.ChainSeq));
        Assert.Equal(AuditChain.Genesis, chain[0].PreviousHash);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal(chain[1].Hash, chain[2].PreviousHash);
        Assert.All(chain, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash!));
        Assert.Equal(3, chain.Select(e => e.Hash).Distinct().Count());
        // Stored as PostgreSQL stores it: whole microseconds.
        Assert.All(chain, e => Assert.Equal(0, e.OccurredAt.UtcTicks % 10));
        Assert.Equal(chain[1].Hash, AuditChain.Hash(chain[1], 2, chain[0].Hash!));
    }

    [Fact]
    public void One_entry_it_cannot_print_leaves_the_whole_chain_to_the_database()
    {
        List<AuditEntry> chain = [Entry("CASE_DETECTED"), Entry("CASE_CLASSIFIED", reason: "ü"), Entry("CASE_QUEUED")];

        Assert.False(AuditChain.TrySeal(chain));

        Assert.All(chain, e => Assert.Equal((0L, null, null), (e.ChainSeq, e.PreviousHash, e.Hash)));
        Assert.All(chain, e => Assert.Equal(At, e.OccurredAt));
    }

    [Theory]
    [InlineData("""{"v":1}""", true)]
    [InlineData("""{"v":-12}""", true)]
    [InlineData("""{"v":0}""", true)]
    [InlineData("""{"v":-0}""", false)]
    [InlineData("""{"v":1.0}""", false)]
    [InlineData("""{"v":1e3}""", false)]
    [InlineData("""{"v":"\u0000"}""", false)]
    [InlineData("""{"v":1,"v":2}""", false)]
    [InlineData("""not json""", false)]
    public void Only_what_jsonb_prints_the_same_way_is_sealed(string after, bool seals) =>
        Assert.Equal(seals, AuditChain.Hash(Entry("A", after: after), 1, AuditChain.Genesis) is not null);

    [Fact]
    public void The_hash_depends_on_the_position_and_the_previous_hash()
    {
        var entry = Entry("A");

        Assert.NotEqual(AuditChain.Hash(entry, 1, AuditChain.Genesis), AuditChain.Hash(entry, 2, AuditChain.Genesis));
        Assert.NotEqual(AuditChain.Hash(entry, 1, AuditChain.Genesis), AuditChain.Hash(entry, 1, new string('1', 64)));
    }
}
