using FalloutManagement.Api.Modules.Events;
using FalloutManagement.Api.Modules.PolicyChanges;

namespace FalloutManagement.Api.Modules.Masking;

public static class MaskingModule
{
    public static IServiceCollection AddMaskingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MaskingOptions>().Bind(configuration.GetSection(MaskingOptions.Section))
            .Validate(o => !o.ToRules().Problems().Any(), "Masking: every policy and name must point at a known class, each name in one class.")
            .ValidateOnStart();
        services.AddScoped<MaskingRules>();
        services.AddScoped<IPolicyChangeKind, MaskingRuleChanges>();
        services.AddSingleton<IEventRedaction, MaskingEventRedaction>();
        return services;
    }

    /// <summary>After authorization: masks every JSON answer for its reader.</summary>
    public static IApplicationBuilder UseMasking(this IApplicationBuilder app) => app.UseMiddleware<MaskingMiddleware>();

    public static void MapMaskingModule(this IEndpointRouteBuilder app)
    {
        app.MapReveal();
        app.MapMaskingRules();
    }
}
