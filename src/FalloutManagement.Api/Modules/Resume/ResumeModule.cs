using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Resume.RedeemResumeToken;
using FalloutManagement.Api.Modules.Resume.ReissueResumeToken;

namespace FalloutManagement.Api.Modules.Resume;

internal static class ResumeModule
{
    public static void MapResumeModule(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/fallout-cases").WithTag("Resume", "Resume tokens: how the orchestrating system continues the order after a resolution.");
        group.MapRedeemResumeToken();
        group.MapReissueResumeToken();
    }
}
