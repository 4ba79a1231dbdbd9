using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// <c>/health/ready</c>'s database check: the database answers within <see cref="Timeout"/> (a hung server made every
/// probe wait a minute), and its schema holds every migration this build knows. Without that an instance started with
/// <c>Database:MigrateOnStartup=false</c> against an unmigrated database joined the load balancer and answered 500s.
/// Once the schema was found current it is not asked again (migrations only move forward while an instance runs).
/// </summary>
internal sealed class DatabaseReadiness(IServiceScopeFactory scopes) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private volatile bool schemaCurrent;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            if (!await db.Database.CanConnectAsync(timeout.Token))
            {
                return HealthCheckResult.Unhealthy("The database does not accept connections.");
            }
            if (!schemaCurrent)
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).ToList();
                if (pending.Count > 0)
                {
                    return HealthCheckResult.Unhealthy($"The database lacks {pending.Count} migration(s) of this build (the latest {pending[^1]}): "
                        + "apply db/migrations.sql, or start with Database:MigrateOnStartup=true.");
                }
                schemaCurrent = true;
            }
            return HealthCheckResult.Healthy("The database answers and its schema is current.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The database did not answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy($"The database refused the check: {ex.Message}");
        }
    }
}
