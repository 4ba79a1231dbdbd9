namespace FalloutManagement.Api.Modules.PolicyChanges;

public static class PolicyChangesModule
{
    public static void MapPolicyChangesModule(this IEndpointRouteBuilder app) => app.MapPolicyChanges();
}
