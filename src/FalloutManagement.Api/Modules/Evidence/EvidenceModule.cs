using FalloutManagement.Api.Modules.Evidence.AttachEvidence;
using FalloutManagement.Api.Modules.Evidence.ReadEvidence;

namespace FalloutManagement.Api.Modules.Evidence;

internal static class EvidenceModule
{
    public static void MapEvidenceModule(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/fallout-cases").WithTags("Evidence");
        group.MapAttachEvidence();
        group.MapReadEvidence();
    }
}
