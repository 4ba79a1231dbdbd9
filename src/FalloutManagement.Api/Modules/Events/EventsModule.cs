using FalloutManagement.Api.Modules.Events.Feed;
using FalloutManagement.Api.Modules.Events.Hub;
using Microsoft.Extensions.Options;
using Polly;

namespace FalloutManagement.Api.Modules.Events;

internal static class EventsModule
{
    public static IServiceCollection AddEventsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HubOptions>().Bind(configuration.GetSection(HubOptions.Section))
            .Validate(o => o.MaxAttempts >= 1 && o.BatchSize >= 1 && o.MaxConcurrency >= 1 && o.RequestTimeoutSeconds > 0,
                "Hub: MaxAttempts, BatchSize, MaxConcurrency and RequestTimeoutSeconds must be positive.");
        // The durable retry (back-off, jitter, dead letters) lives in hub_deliveries so it survives restarts and never
        // holds a slot while waiting; the resilience pipeline bounds each attempt so a hanging callback cannot stall the relay.
        services.AddSingleton<CallbackHostResolver>();
        services.AddSingleton<CallbackAddressGuard>();
        // Every connection the relay opens goes to an address the guard checked; no redirects, no ambient proxy.
        services.AddHttpClient(HubRelay.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                ConnectCallback = provider.GetRequiredService<CallbackAddressGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
            })
            .AddResilienceHandler("hub-attempt", (pipeline, context) =>
            {
                // A network timeout is wall-clock time, whatever clock the business logic runs on.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(TimeSpan.FromSeconds(context.ServiceProvider.GetRequiredService<IOptions<HubOptions>>().Value.RequestTimeoutSeconds));
            });
        services.AddSingleton<CaseChangesStep>();
        services.AddSingleton<HubRelay>();
        services.AddHostedService<HubRelayService>();
        return services;
    }

    public static void MapEventsModule(this IEndpointRouteBuilder app)
    {
        app.MapGetEvents();
        app.MapHub();
        app.MapTimeline();
    }
}
