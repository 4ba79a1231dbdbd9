using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Evidence.AttachEvidence;
using FalloutManagement.Api.Modules.Evidence.ReadEvidence;

namespace FalloutManagement.Api.Modules.Evidence;

internal static class EvidenceModule
{
    public static IServiceCollection AddEvidenceModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvidenceQuota>().Bind(configuration.GetSection(EvidenceQuota.Section))
            .Validate(q => q.MaxItemsPerCase > 0 && q.MaxBytesPerCase > 0, "Evidence:MaxItemsPerCase and MaxBytesPerCase must be positive.")
            .ValidateOnStart();
        return services;
    }

    public static void MapEvidenceModule(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/fallout-cases").WithTag("Evidence", "Append-only evidence attached to a case: what proves a correction or resolution.");
        group.MapAttachEvidence();
        group.MapReadEvidence();
    }
}
