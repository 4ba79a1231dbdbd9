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
        services.AddHealthChecks().AddDbContextCheck<FalloutDbContext>("database", tags: ["ready"]);
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

    /// <summary>Applies pending migrations unless <c>Database:MigrateOnStartup=false</c>.</summary>
    public static async Task MigrateIfConfiguredAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FalloutDbContext>().Database.MigrateAsync();
    }
}
