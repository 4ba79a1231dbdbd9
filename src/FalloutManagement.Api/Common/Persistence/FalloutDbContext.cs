using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// The one unit of work. It names no module: each module brings its entity configurations
/// (<see cref="IEntityTypeConfiguration{TEntity}"/>), its conventions (<see cref="IModelConventions"/>) and its save
/// steps (<see cref="ISaveStep"/>). <see cref="SaveChangesAsync(bool, CancellationToken)"/> runs the
/// <see cref="SavePipeline"/> before EF Core writes, so a change and everything that follows from it (audit, events,
/// SLA clocks) commit together or not at all; docs/architecture.md lists the steps.
/// </summary>
public sealed class FalloutDbContext(DbContextOptions<FalloutDbContext> options) : DbContext(options)
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the unit of work is asynchronous.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // A context made without the host (dotnet ef, a test migrating a template) has no pipeline: it only migrates.
        var pipeline = this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<SavePipeline>();
        try
        {
            return pipeline is null
                ? await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
                : await pipeline.SaveAsync(this, ct => base.SaveChangesAsync(acceptAllChangesOnSuccess, ct), cancellationToken,
                    acceptAllChangesOnSuccess);
        }
        catch (Exception e) when (e is not DbUpdateConcurrencyException && LostRace(e))
        {
            // PostgreSQL chose this transaction as the loser of a deadlock or a serialization conflict: nothing was
            // saved, and the caller is told what a stale version tells it (412, or a fresh read where the command retries).
            throw new DbUpdateConcurrencyException("A concurrent transaction on the same rows won; nothing was saved.", e);
        }
    }

    private static bool LostRace(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
            {
                return true;
            }
        }
        return false;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        foreach (var conventions in ModuleContributions<IModelConventions>())
        {
            conventions.Configure(configurationBuilder);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FalloutDbContext).Assembly);

    /// <summary>One instance of every concrete <typeparamref name="T"/> in the assembly, in a stable (name) order.</summary>
    private static IEnumerable<T> ModuleContributions<T>() =>
        typeof(FalloutDbContext).Assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t, nonPublic: true)!);
}
