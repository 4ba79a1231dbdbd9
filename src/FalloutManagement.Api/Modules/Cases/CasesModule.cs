using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.AllowedActions;
using FalloutManagement.Api.Modules.Cases.Assign;
using FalloutManagement.Api.Modules.Cases.Cancel;
using FalloutManagement.Api.Modules.Cases.Classify;
using FalloutManagement.Api.Modules.Cases.Close;
using FalloutManagement.Api.Modules.Cases.Continue;
using FalloutManagement.Api.Modules.Cases.Escalate;
using FalloutManagement.Api.Modules.Cases.GetCase;
using FalloutManagement.Api.Modules.Cases.ListCases;
using FalloutManagement.Api.Modules.Cases.Metrics;
using FalloutManagement.Api.Modules.Cases.Participants;
using FalloutManagement.Api.Modules.Cases.Relink;
using FalloutManagement.Api.Modules.Cases.ReportFallout;
using FalloutManagement.Api.Modules.Cases.Resolve;
using FalloutManagement.Api.Modules.Cases.Start;
using FalloutManagement.Api.Modules.Cases.Tasks;
using FalloutManagement.Api.Modules.Cases.Wait;

namespace FalloutManagement.Api.Modules.Cases;

internal static class CasesModule
{
    /// <summary>
    /// The case store, the resume-token options and the case metrics save step. What Cases asks of other modules
    /// (<see cref="ICaseRouting"/>, <see cref="ICaseSlaClocks"/>, <see cref="IIncidentAutoLink"/>, <see cref="ICorrectionOptions"/>)
    /// those modules register.
    /// </summary>
    public static IServiceCollection AddCasesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CaseStore>();
        services.AddSingleton<CaseMetricsStep>();
        services.AddOptions<ResumeOptions>().Bind(configuration.GetSection(ResumeOptions.Section))
            .Validate(o => o.TokenLifetimeMinutes > 0, "Resume:TokenLifetimeMinutes must be positive.").ValidateOnStart();
        services.AddOptions<ParticipationOptions>().Bind(configuration.GetSection(ParticipationOptions.Section))
            .Validate(o => o.FailedAppointmentLimit > 0, "Participation:FailedAppointmentLimit must be positive.").ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapCasesModule(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/fallout-cases").WithTag("Fallout cases", "Intake of fallout from source systems and the case lifecycle: classify, assign, work, wait, escalate, tasks, resolve, close.");
        group.MapReportFallout();
        group.MapGetCase();
        group.MapListCases();
        group.MapAllowedActions();
        group.MapClassify();
        group.MapAssign();
        group.MapStart();
        group.MapWait();
        group.MapContinue();
        group.MapEscalate();
        group.MapCancel();
        group.MapClose();
        group.MapTasks();
        group.MapResolve();
        group.MapRelink();
        group.MapExternalUpdates();
        group.MapReservations();
        return group;
    }
}
