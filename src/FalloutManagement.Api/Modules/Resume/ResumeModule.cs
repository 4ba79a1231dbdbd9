using FalloutManagement.Api.Modules.Resume.RedeemResumeToken;
using FalloutManagement.Api.Modules.Resume.ReissueResumeToken;

namespace FalloutManagement.Api.Modules.Resume;

internal static class ResumeModule
{
    public static void MapResumeModule(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/fallout-cases").WithTags("Resume");
        group.MapRedeemResumeToken();
        group.MapReissueResumeToken();
    }
}
