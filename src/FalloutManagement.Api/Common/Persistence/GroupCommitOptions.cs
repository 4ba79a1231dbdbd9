namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// <c>Persistence:GroupCommit</c>: how <see cref="DirectInserts"/> writes the saves of concurrent requests that only add
/// rows (the intake's new cases) together, one transaction and one round trip for several (docs/architecture.md,
/// "Group commit").
/// </summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Persistence:GroupCommit";

    /// <summary>Off: every save is written alone on its request's connection, as before group commit.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Writers, each with a connection of its own: one group is written per writer at a time (1–16). Two by default:
    /// while one group waits for its commit (the WAL flush) the next is written (docs/benchmarks.md, Results, "group commit").
    /// </summary>
    public int Writers { get; set; } = 2;

    /// <summary>The most saves one group takes (1–256).</summary>
    public int MaxSaves { get; set; } = 16;

    /// <summary>How long a writer waits for more saves before it writes a group (0–1000 ms; 0: only what is queued).</summary>
    public int LingerMilliseconds { get; set; }

    public bool IsValid() => Writers is >= 1 and <= 16 && MaxSaves is >= 1 and <= 256 && LingerMilliseconds is >= 0 and <= 1000;
}
