using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Corrections.ActionPolicies;
using FalloutManagement.Api.Modules.Corrections.ApplyCorrection;
using FalloutManagement.Api.Modules.Corrections.DecideCorrection;
using FalloutManagement.Api.Modules.Corrections.Execution;
using FalloutManagement.Api.Modules.Corrections.Executors;
using FalloutManagement.Api.Modules.Corrections.Policy;
using FalloutManagement.Api.Modules.Corrections.ProposeCorrection;
using FalloutManagement.Api.Modules.Corrections.VerifyCorrection;

namespace FalloutManagement.Api.Modules.Corrections;

internal static class CorrectionsModule
{
    public static IServiceCollection AddCorrectionsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PolicyEvaluator>();
        services.AddScoped<ExecutorDirectory>();
        services.AddSingleton<ExecutionTimeoutSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<ExecutionTimeoutSweeper>());
        services.AddScoped<ActionPolicyCorrectionPolicy>();
        services.AddScoped<ICorrectionPolicy>(provider => provider.GetRequiredService<ActionPolicyCorrectionPolicy>());
        services.AddScoped<ICorrectionOptions>(provider => provider.GetRequiredService<ActionPolicyCorrectionPolicy>());
        services.AddScoped<PolicyChanges.IPolicyChangeKind, ActionPolicyChanges>();
        services.AddScoped<PolicyChanges.IPolicyChangeKind, Executors.ExecutorChanges>();
        services.AddOptions<CorrectionOptions>().Bind(configuration.GetSection(CorrectionOptions.Section))
            .Validate(o => o.IsValid(), "Corrections: the retry limits and their windows must be positive.").ValidateOnStart();
        services.AddOptions<EscalationRuleOptions>().Bind(configuration.GetSection(EscalationRuleOptions.Section));
        services.ConfigureSwaggerGen(options => options.SchemaFilter<CorrectionPayloadSchemas>());
        return services;
    }

    public static void MapCorrectionsModule(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/fallout-cases").WithTag("Corrections", "Typed corrections under policy: propose, approve or reject (maker-checker), dispatch to the owning system and its execution result (or apply by the operator for manual work), verify.");
        cases.MapProposeCorrection();
        cases.MapDecideCorrection();
        cases.MapApplyCorrection();
        cases.MapVerifyCorrection();
        cases.MapReadCorrections();
        cases.MapExecutionResults();

        app.MapGroup("/executors").WithTag("Executors", "The systems that execute corrections (owning systems), the correction types each executes and its result deadline: changed by fallout.admin, read by staff.").MapExecutors();

        var policies = app.MapGroup("/action-policies").WithTag("Action policies", "Which corrections are allowed where, their risk level, approval and evidence requirements (changed by fallout.admin, read by staff).");
        policies.MapReadActionPolicies();
        policies.MapWriteActionPolicies();
    }
}
