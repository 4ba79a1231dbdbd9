using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FalloutManagement.Api.Common.Persistence;

public static class PersistenceSetup
{
    public const string ConnectionStringName = "Fallout";
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static IServiceCollection AddFalloutPersistence(this IServiceCollection services)
    {
        // Read when the first context is made, so hosts and tests may set the connection string late.
        services.AddDbContextPool<FalloutDbContext>((provider, options) => options
            .UseNpgsql(ConnectionString(provider.GetRequiredService<IConfiguration>()),
                npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            // Modules hook into the unit of work here (the SLA clocks move with every case change).
            .AddInterceptors(provider.GetServices<IInterceptor>()));
        services.AddHealthChecks().AddDbContextCheck<FalloutDbContext>("database", tags: ["ready"]);
        return services;
    }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? throw new InvalidOperationException("ConnectionStrings:Fallout (env ConnectionStrings__Fallout) is not set.");

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
