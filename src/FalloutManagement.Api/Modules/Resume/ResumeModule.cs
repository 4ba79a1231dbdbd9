using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Resume.RedeemResumeToken;
using FalloutManagement.Api.Modules.Resume.ReissueResumeToken;

namespace FalloutManagement.Api.Modules.Resume;

public static class ResumeModule
{
    public static IServiceCollection AddResumeModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResumeOptions>().Bind(configuration.GetSection(ResumeOptions.Section))
            .Validate(o => o.TokenLifetimeMinutes > 0, "Resume:TokenLifetimeMinutes must be positive.").ValidateOnStart();
        return services;
    }

    public static void MapResumeModule(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/fallout-cases").WithTag("Resume", "Resume tokens: how the orchestrating system continues the order after a resolution.");
        group.MapRedeemResumeToken();
        group.MapReissueResumeToken();
    }
}
