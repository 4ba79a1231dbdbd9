using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Corrections.ActionPolicies;
using FalloutManagement.Api.Modules.Corrections.ApplyCorrection;
using FalloutManagement.Api.Modules.Corrections.DecideCorrection;
using FalloutManagement.Api.Modules.Corrections.Policy;
using FalloutManagement.Api.Modules.Corrections.ProposeCorrection;
using FalloutManagement.Api.Modules.Corrections.VerifyCorrection;

namespace FalloutManagement.Api.Modules.Corrections;

internal static class CorrectionsModule
{
    public static IServiceCollection AddCorrectionsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PolicyEvaluator>();
        services.AddScoped<ActionPolicyCorrectionPolicy>();
        services.AddScoped<ICorrectionPolicy>(provider => provider.GetRequiredService<ActionPolicyCorrectionPolicy>());
        services.AddScoped<ICorrectionOptions>(provider => provider.GetRequiredService<ActionPolicyCorrectionPolicy>());
        services.AddScoped<PolicyChanges.IPolicyChangeKind, ActionPolicyChanges>();
        services.AddOptions<CorrectionOptions>().Bind(configuration.GetSection(CorrectionOptions.Section))
            .Validate(o => o.IsValid(), "Corrections: the retry limits and their windows must be positive.").ValidateOnStart();
        services.ConfigureSwaggerGen(options => options.SchemaFilter<CorrectionPayloadSchemas>());
        return services;
    }

    public static void MapCorrectionsModule(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/fallout-cases").WithTag("Corrections", "Typed corrections under policy: propose, approve or reject (maker-checker), apply, verify.");
        cases.MapProposeCorrection();
        cases.MapDecideCorrection();
        cases.MapApplyCorrection();
        cases.MapVerifyCorrection();

        var policies = app.MapGroup("/action-policies").WithTag("Action policies", "Which corrections are allowed where, their risk level, approval and evidence requirements (changed by fallout.admin, read by staff).");
        policies.MapReadActionPolicies();
        policies.MapWriteActionPolicies();
    }
}
