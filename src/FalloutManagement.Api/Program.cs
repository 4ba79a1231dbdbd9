using FalloutManagement.Api;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Analytics;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.BreakGlass;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.OperatorConsole;
using FalloutManagement.Api.Modules.Corrections;
using FalloutManagement.Api.Modules.Evidence;
using FalloutManagement.Api.Modules.Events;
using FalloutManagement.Api.Modules.Incidents;
using FalloutManagement.Api.Modules.Masking;
using FalloutManagement.Api.Modules.PolicyChanges;
using FalloutManagement.Api.Modules.Queues;
using FalloutManagement.Api.Modules.Resume;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

if (HealthProbe.Requested(args))
{
    return await HealthProbe.RunAsync(args);
}

// The content root (appsettings*.json, wwwroot) is the working directory, as ASP.NET Core has it. Started from
// elsewhere (`dotnet src/FalloutManagement.Api/bin/Release/net10.0/FalloutManagement.Api.dll` from the repository's
// root) it would find no settings and refuse to start for want of them: then the folder of the service's own files is
// the content root, unless one is given (--contentRoot, ASPNETCORE_CONTENTROOT).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Fallback(args) });

builder.AddFalloutLogging();
builder.AddFalloutTelemetry();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(options => JsonDefaults.ConfigureHttp(options.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
    ProblemWriter.Complete(context.ProblemDetails, context.HttpContext, status, ProblemWriter.CodeFor(status));
});
builder.Services.AddExceptionHandler<FalloutExceptionHandler>();
// Singletons: a validator holds no state, and building one (its rules compile expression trees) cost a third of an
// intake's allocations when it was made per request (docs/benchmarks.md).
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
builder.Services.AddFalloutAuth(builder.Configuration, builder.Environment);
builder.Services.AddFalloutRateLimits(builder.Configuration);
builder.Services.AddFalloutPersistence();
builder.Services.AddFalloutApiDescription();
builder.Services.AddCasesModule(builder.Configuration);
builder.Services.AddQueuesModule();
builder.Services.AddCorrectionsModule(builder.Configuration);
builder.Services.AddEvidenceModule(builder.Configuration);
builder.Services.AddEventsModule(builder.Configuration);
builder.Services.AddIncidentsModule();
builder.Services.AddAnalyticsModule();
builder.Services.AddBreakGlassModule(builder.Configuration);
builder.Services.AddMaskingModule(builder.Configuration);
builder.Services.AddConsoleModule(builder.Configuration);
builder.Services.AddSavePipeline();

var app = builder.Build();

// The console's static pages first: they hold no data, and the sign-in redirect's code never reaches the request log.
app.UseConsole();
// Request logging outermost after that: it sees the status the exception handler and the status code pages chose.
app.UseMiddleware<CorrelationId>();
app.UseFalloutRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
app.UseSwaggerUI();
app.UseAuthentication();
app.UseBreakGlass();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMasking();
app.UseMiddleware<RequestBodyLimit>();
app.UseMiddleware<InputGuard>();

app.MapFalloutMetrics();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapDevTokens();
app.MapCasesModule();
app.MapCorrectionsModule();
app.MapEvidenceModule();
app.MapResumeModule();
app.MapEventsModule();
app.MapAuditModule();
app.MapIncidentsModule();
app.MapAnalyticsModule();
app.MapQueuesModule();
app.MapBreakGlassModule();
app.MapPolicyChangesModule();
app.MapMaskingModule();
app.MapConsoleModule();

try
{
    await app.MigrateIfConfiguredAsync();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not OperationCanceledException && System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // A refusal to start (a setting out of range, no database for the migrations) ends the process with exit code 1
    // and one Critical line saying why, instead of an unhandled exception's abort (exit 134) and a second stack trace.
    // Hosted by a test's WebApplicationFactory (another entry assembly) the exception goes on to the factory, as before.
    app.Logger.LogCritical("The service did not start: {Reason}", ex.Message);
    return 1;
}

/// <summary>The web host's entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
