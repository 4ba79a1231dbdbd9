using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Queues.Assignment;
using FalloutManagement.Api.Modules.Queues.ReferenceData;
using FalloutManagement.Api.Modules.Queues.Routing;
using FalloutManagement.Api.Modules.Queues.Sla;

namespace FalloutManagement.Api.Modules.Queues;

/// <summary>Routing, assignment, SLA clocks and the escalation sweep, with their reference data.</summary>
internal static class QueuesModule
{
    public static IServiceCollection AddQueuesModule(this IServiceCollection services)
    {
        services.AddScoped<AutoAssignment>();
        services.AddScoped<ICaseRouting, IntakeRouting>();
        services.AddScoped<ICaseSlaClocks, SlaClockReader>();
        services.AddSingleton<SlaClockStep>();
        services.AddSingleton<CaseTimeSweeper>();
        services.AddSingleton<SlaSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<SlaSweeper>());
        return services;
    }

    public static IEndpointRouteBuilder MapQueuesModule(this IEndpointRouteBuilder app)
    {
        var queues = app.MapGroup("/queues").WithTag("Queues", "Work queues, their members and pulling the next case.");
        queues.MapQueues();
        queues.MapQueueMembers();
        queues.MapPullNext();
        app.MapGroup("/classification-rules").WithTag("Classification rules", "Rules that route reported fallout to a category, severity and queue (reference data).").MapClassificationRules();
        app.MapGroup("/sla-policies").WithTag("SLA policies", "SLA budgets, calendars and escalation per queue and clock (reference data).").MapSlaPolicies();
        return app;
    }
}
