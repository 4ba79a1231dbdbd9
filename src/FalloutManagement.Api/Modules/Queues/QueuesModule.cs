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
        services.AddSingleton<SlaSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<SlaSweeper>());
        return services;
    }

    public static IEndpointRouteBuilder MapQueuesModule(this IEndpointRouteBuilder app)
    {
        var queues = app.MapGroup("/queues").WithTags("Queues");
        queues.MapQueues();
        queues.MapQueueMembers();
        queues.MapPullNext();
        app.MapGroup("/classification-rules").WithTags("Classification rules").MapClassificationRules();
        app.MapGroup("/sla-policies").WithTags("SLA policies").MapSlaPolicies();
        return app;
    }
}
