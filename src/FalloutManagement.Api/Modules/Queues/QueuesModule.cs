using FalloutManagement.Api.Modules.Queues.Routing;

namespace FalloutManagement.Api.Modules.Queues;

public static class QueuesModule
{
    public static IServiceCollection AddQueuesModule(this IServiceCollection services) => services.AddScoped<IntakeRouting>();
}
