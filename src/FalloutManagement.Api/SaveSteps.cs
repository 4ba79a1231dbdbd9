using Microsoft.Extensions.Options;
using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Metrics;
using FalloutManagement.Api.Modules.Events;
using FalloutManagement.Api.Modules.Queues.Sla;

namespace FalloutManagement.Api;

/// <summary>
/// The save pipeline, in the order its steps run inside <see cref="FalloutDbContext.SaveChangesAsync(bool, CancellationToken)"/>
/// before EF Core writes (docs/architecture.md, "The save pipeline"). This list is the one place that says what a save
/// does besides writing the tracked changes; each step belongs to its module. Everything a step adds commits in the same
/// transaction. Analytics marks are not a step: PostgreSQL triggers write them (docs/database.md).
/// </summary>
public static class SaveSteps
{
    /// <summary>The steps, in order.</summary>
    public static readonly IReadOnlyList<Type> InOrder =
    [
        // 1. Cases → audit, events, notifications: per recorded case change, in order: its audit_entries row, its
        //    outbox_events row, and the CustomerNotificationRequested event the notification rules ask for.
        typeof(CaseChangesStep),
        // 2. Queues: the SLA clocks of every added or changed case follow its new state (start, meet, pause, resume).
        typeof(SlaClockStep),
        // 3. Common: a save that changes reference data clears this instance's reference data cache after commit.
        typeof(ReferenceDataStep),
        // 4. Cases → metrics: counts cases opened, correction moves and resume tokens; recorded after commit.
        typeof(CaseMetricsStep),
    ];

    /// <summary>
    /// Registers the pipeline; the modules register their step types as singletons. A save that only adds rows is
    /// written by <see cref="DirectInserts"/> unless <c>Persistence:DirectInserts=false</c>, together with the saves of
    /// concurrent requests unless <c>Persistence:GroupCommit:Enabled=false</c> (<see cref="GroupCommitOptions"/>).
    /// </summary>
    public static IServiceCollection AddSavePipeline(this IServiceCollection services)
    {
        services.AddOptions<GroupCommitOptions>().BindConfiguration(GroupCommitOptions.Section)
            .Validate(o => o.IsValid(), "Persistence:GroupCommit: Writers 1-16, MaxSaves 1-256, LingerMilliseconds 0-1000.").ValidateOnStart();
        return services.AddSingleton(provider => new DirectInserts(
                provider.GetRequiredService<IOptions<GroupCommitOptions>>().Value,
                PersistenceSetup.WithAutoPrepare(PersistenceSetup.ConnectionString(provider.GetRequiredService<IConfiguration>())),
                provider.GetService<FalloutMetrics>(), provider.GetRequiredService<ILogger<DirectInserts>>()))
            .AddSingleton(provider => new SavePipeline(
            [.. InOrder.Select(type => (ISaveStep)provider.GetRequiredService(type))],
            provider.GetRequiredService<IConfiguration>().GetValue(DirectInserts.Setting, true)
                ? provider.GetRequiredService<DirectInserts>() : null));
    }
}
