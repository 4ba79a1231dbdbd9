using Microsoft.AspNetCore.Diagnostics;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace FalloutManagement.Api.Common.Observability;

/// <summary>
/// Serilog for the service: one line per request with its real status, written outside the exception handler so a
/// handled refusal is logged as what the caller got (4xx at Information, no stack trace) and a fault as a 5xx at
/// Error with its exception, once. Every line carries the W3C trace and span ids of the request (the same trace id
/// the problem bodies return as <c>traceId</c>). <c>Logging:Format</c> chooses <c>text</c> or <c>json</c>
/// (Serilog's compact JSON, one object per line); the default is text in Development, JSON elsewhere.
/// </summary>
public static class Logging
{
    public const string FormatKey = "Logging:Format";
    public const string TextTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {TraceId} {SpanId} {Message:lj}{NewLine}{Exception}";

    public static WebApplicationBuilder AddFalloutLogging(this WebApplicationBuilder builder)
    {
        var formatter = Formatter(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(formatter);
        // The static Log.Logger is left alone: each host (tests run several in one process) logs through its own.
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatter), preserveStaticLogger: true);
        return builder;
    }

    /// <summary>The console format the configuration asks for.</summary>
    public static ITextFormatter Formatter(IConfiguration configuration, IHostEnvironment environment)
    {
        var format = configuration[FormatKey];
        if (string.IsNullOrWhiteSpace(format))
        {
            format = environment.IsDevelopment() ? "text" : "json";
        }
        return format.Trim().ToUpperInvariant() switch
        {
            "JSON" => new CompactJsonFormatter(),
            "TEXT" => new MessageTemplateTextFormatter(TextTemplate, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"{FormatKey} must be 'text' or 'json', not '{format}'."),
        };
    }

    /// <summary>
    /// The request log line. Outermost in the pipeline: it sees the status the exception handler chose and the
    /// exception a 5xx was made from (handed over through <see cref="IDiagnosticContext.SetException"/>).
    /// </summary>
    public static IApplicationBuilder UseFalloutRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = (context, _, exception) => LevelFor(context.Response.StatusCode, exception);
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                diagnostics.Set("RequestHost", context.Request.Host.Value ?? "");
                if (context.User.FindFirst(Auth.FalloutClaims.Subject)?.Value is { } subject)
                {
                    diagnostics.Set("Actor", subject);
                }
                if (context.Features.Get<IExceptionHandlerFeature>()?.Error is { } error && context.Response.StatusCode >= 500)
                {
                    diagnostics.SetException(error);
                }
            };
        });

    /// <summary>Client mistakes are information (nobody is paged for a 412); faults are errors.</summary>
    public static LogEventLevel LevelFor(int status, Exception? exception) =>
        exception is not null || status >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
}
