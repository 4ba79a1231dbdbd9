namespace FalloutManagement.Api.Modules.BreakGlass;

public static class BreakGlassModule
{
    public static IServiceCollection AddBreakGlassModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BreakGlassOptions>().Bind(configuration.GetSection(BreakGlassOptions.Section))
            .Validate(o => o.MaxMinutes >= 1, "BreakGlass:MaxMinutes must be at least 1.");
        services.AddSingleton<BreakGlassSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<BreakGlassSweeper>());
        return services;
    }

    /// <summary>After authentication: loads the caller's active grants for the request.</summary>
    public static IApplicationBuilder UseBreakGlass(this IApplicationBuilder app) => app.UseMiddleware<BreakGlassElevations>();

    public static void MapBreakGlassModule(this IEndpointRouteBuilder app) => app.MapBreakGlass();

    /// <summary>Ends expired grants now (tests and operations drive it by hand).</summary>
    public static Task<int> SweepBreakGlassAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.GetRequiredService<BreakGlassSweeper>().SweepOnceAsync(ct);
}
