using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// One step of the unit of work's save, owned by the module whose rows or rules it writes. The steps run in the
/// order of <see cref="SavePipeline"/> (listed once, in <c>SaveSteps.cs</c> at the host's root), inside
/// <see cref="FalloutDbContext.SaveChangesAsync(bool, CancellationToken)"/>, before EF Core writes anything: what a
/// step adds commits in the same PostgreSQL transaction as the change that caused it, or not at all.
/// </summary>
public interface ISaveStep
{
    /// <summary>
    /// Looks at the tracked changes and adds or changes entities. Returns what to do once the save has committed
    /// (for example forget a cache), or null.
    /// </summary>
    Task<Action?> BeforeSaveAsync(SaveContext save, CancellationToken ct);
}

/// <summary>One save as the steps see it: the unit of work and the ids of the rows the steps add.</summary>
public sealed class SaveContext(FalloutDbContext db)
{
    public FalloutDbContext Db { get; } = db;

    /// <summary>
    /// Ids that rise in the order the steps ask for them (one sequence for the whole save): EF Core inserts the rows
    /// of one table in key order, and the audit chain and the event feed take their order from the inserts.
    /// </summary>
    public SequentialIds Ids { get; } = new();
}

/// <summary>The save steps in the order they run; built once, by the host (<c>SaveSteps.cs</c>).</summary>
public sealed class SavePipeline(IReadOnlyList<ISaveStep> steps, DirectInserts? directInserts = null)
{
    public IReadOnlyList<ISaveStep> Steps { get; } = steps;

    /// <summary>
    /// Runs the steps, then writes: a save that only adds rows through <see cref="DirectInserts"/> when it is on (one
    /// batch of prepared INSERTs), any other through <paramref name="write"/> (EF Core's own save); then, once that has
    /// committed, what the steps asked for. Returns the number of rows written.
    /// </summary>
    public async Task<int> SaveAsync(FalloutDbContext db, Func<CancellationToken, Task<int>> write, CancellationToken ct,
        bool acceptAllChangesOnSuccess = true)
    {
        var save = new SaveContext(db);
        var afterCommit = new List<Action>();
        // One scan for the command's changes, not one per Entries() call of every step (eight scans of every tracked
        // entity per intake before) and not one more by EF Core before it writes: a step that changes tracked
        // entities scans those entities itself (SlaClockStep); a step that adds rows needs no scan.
        db.ChangeTracker.DetectChanges();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        int saved;
        try
        {
            foreach (var step in Steps)
            {
                if (await step.BeforeSaveAsync(save, ct) is { } after)
                {
                    afterCommit.Add(after);
                }
            }
            saved = (directInserts is null ? null : await directInserts.TryWriteAsync(db, acceptAllChangesOnSuccess, ct))
                ?? await write(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        foreach (var after in afterCommit)
        {
            after();
        }
        return saved;
    }
}

/// <summary>
/// Contributes a module's EF Core conventions (for example how its enums are stored) to the one model. Found in the
/// assembly like the entity type configurations; each implementation needs a parameterless constructor.
/// </summary>
public interface IModelConventions
{
    void Configure(ModelConfigurationBuilder builder);
}

/// <summary>
/// A module's enums stored as their names (the contract's strings), never as numbers, each in a column of the given
/// length. A module derives one class with a parameterless constructor listing its enums.
/// </summary>
public abstract class EnumsAsStrings(params (Type Enum, int MaxLength)[] enums) : IModelConventions
{
    public void Configure(ModelConfigurationBuilder builder)
    {
        foreach (var (type, maxLength) in enums)
        {
            builder.Properties(type).HaveConversion(typeof(string)).HaveMaxLength(maxLength);
        }
    }
}
