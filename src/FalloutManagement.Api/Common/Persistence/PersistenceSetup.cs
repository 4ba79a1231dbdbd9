using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace FalloutManagement.Api.Common.Persistence;

public static class PersistenceSetup
{
    public const string ConnectionStringName = "Fallout";
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static IServiceCollection AddFalloutPersistence(this IServiceCollection services)
    {
        services.AddOptions<ReferenceDataOptions>().BindConfiguration(ReferenceDataOptions.Section);
        services.AddSingleton<ReferenceDataCache>();
        services.AddSingleton<ReferenceDataStep>();
        // Read when the first context is made, so hosts and tests may set the connection string late.
        services.AddDbContextPool<FalloutDbContext>((provider, options) => options
            .UseNpgsql(WithAutoPrepare(ConnectionString(provider.GetRequiredService<IConfiguration>())),
                npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            // An incident's auto-link rule is an optional owned type in the incidents table, all of its columns
            // nullable, and EF Core warned at every start that a row whose rule columns are all null reads as "no
            // rule". That is what it means: a rule needs at least one criterion (CreateIncidentRequestValidator), so a
            // stored rule is never all null. ModelRulesTests keeps it the only such type.
            .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.OptionalDependentWithoutIdentifyingPropertyWarning)));
        services.AddSingleton<DatabaseReadiness>();
        services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: ["ready"], timeout: DatabaseReadiness.Timeout * 2);
        return services;
    }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? throw new InvalidOperationException("ConnectionStrings:Fallout (env ConnectionStrings__Fallout) is not set.");

    /// <summary>
    /// Turns on Npgsql's automatic statement preparation unless the connection string sets it: every request runs the
    /// same few statements, and prepared ones skip PostgreSQL's parse and plan. At the intake benchmark this halved the
    /// database CPU per request (docs/benchmarks.md). <c>Max Auto Prepare=0</c> in the connection string turns it off,
    /// e.g. behind a pooler that cannot keep prepared statements.
    /// It also turns off the session reset Npgsql sends when a pooled connection is reused (<c>No Reset On Close</c>)
    /// unless the connection string sets it: EF opens and closes the connection around every query outside a
    /// transaction, so a case read paid three resets (RESET ALL, UNLISTEN, unlock all, DISCARD ...) and an intake two.
    /// The service keeps no session state: settings are SET LOCAL, advisory locks are transaction-level.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers for every known keyword, so look at what was written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!written.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = 64;
            if (!written.Contains("AUTOPREPAREMINUSAGES"))
            {
                builder.AutoPrepareMinUsages = 2;
            }
        }
        if (!written.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    /// <summary>The session advisory lock that lets one starting instance at a time migrate the database.</summary>
    public const long MigrationLockKey = 0x46414C4C4F5554; // "FALLOUT"

    /// <summary>
    /// Applies pending migrations unless <c>Database:MigrateOnStartup=false</c>, one instance at a time: instances that
    /// start together on a fresh database raced (one of two crashed with 42P07 "relation already exists" or a duplicate
    /// migration history row, four times in four tries), so each takes a session advisory lock on a connection of its
    /// own first and migrates only when it holds it; the next finds nothing pending. Should the lock be impossible (the
    /// database does not exist yet and EF Core creates it), a migration that collides with another instance's is
    /// retried: each migration runs in its own transaction, so the loser's attempt left nothing behind.
    /// </summary>
    public static async Task MigrateIfConfiguredAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            return;
        }
        await using var migrationLock = await MigrationLockAsync(ConnectionString(app.Configuration));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<FalloutDbContext>().Database.MigrateAsync();
                return;
            }
            catch (PostgresException ex) when (attempt < 10 && ex.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject
                or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.DeadlockDetected)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    /// <summary>An open connection holding the migration lock (closing it releases the lock), or null when the database does not exist yet.</summary>
    private static async Task<NpgsqlConnection?> MigrationLockAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync();
            return connection;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await connection.DisposeAsync();
            return null;
        }
    }
}
