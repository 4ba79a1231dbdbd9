using FalloutManagement.Api.Common.Auth;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FalloutManagement.Api.Common.Observability;

/// <summary>
/// OpenTelemetry: traces of requests, outgoing HTTP (hub callbacks) and PostgreSQL commands (<see cref="DatabaseSpansKey"/>),
/// exported over OTLP when an endpoint is configured (<c>OpenTelemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>);
/// metrics (runtime, HTTP server and client, Npgsql, and the domain's <see cref="FalloutMetrics"/>) for Prometheus at
/// <c>/metrics</c>, and over OTLP too when configured. An incoming W3C <c>traceparent</c> is honoured: the request
/// continues the caller's trace, and the trace id is on the logs and the problem bodies.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";
    public const string AllowAnonymousKey = "Metrics:AllowAnonymous";

    /// <summary>
    /// A span per PostgreSQL command (Npgsql), default on when traces are exported and off when they are not: the
    /// request's own span is always there (its trace id is the correlation id of logs and problems), but a command's
    /// span with its SQL text as a tag cost the intake about a tenth of its allocations for nobody to read.
    /// </summary>
    public const string DatabaseSpansKey = "OpenTelemetry:DatabaseSpans";

    public static WebApplicationBuilder AddFalloutTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<FalloutMetrics>();
        builder.Services.AddSingleton<DomainGauges>();
        var otlp = configuration["OpenTelemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var otlpEndpoint = string.IsNullOrWhiteSpace(otlp) ? null : new Uri(otlp);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OpenTelemetry:ServiceName"] ?? "fallout-management"))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsPlumbing(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (configuration.GetValue(DatabaseSpansKey, otlpEndpoint is not null))
                {
                    tracing.AddNpgsql();
                }
                if (otlpEndpoint is not null)
                {
                    tracing.AddOtlpExporter(options => options.Endpoint = otlpEndpoint);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("System.Runtime", "Npgsql", FalloutMetrics.MeterName)
                    .AddPrometheusExporter();
                if (otlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter(options => options.Endpoint = otlpEndpoint);
                }
            });
        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus text format. Who may scrape it: a token with role <c>fallout.admin</c> or
    /// <c>fallout.auditor</c> by default; with <c>Metrics:AllowAnonymous=true</c> anyone who reaches the port (for
    /// a scraper on a private network; keep the port off the public ingress then).
    /// </summary>
    public static IEndpointRouteBuilder MapFalloutMetrics(this WebApplication app)
    {
        // The gauges register on the meter when first made: make them before the first scrape.
        app.Services.GetRequiredService<DomainGauges>();
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (app.Configuration.GetValue(AllowAnonymousKey, false))
        {
            endpoint.AllowAnonymous();
        }
        else
        {
            endpoint.RequireAuthorization(policy => policy.RequireRole(Roles.Admin, Roles.Auditor));
        }
        return app;
    }

    /// <summary>
    /// Health probes, the metrics scrape and the API description: no case data, no trace span, and no step that needs
    /// the database (break-glass lookup, masking), so they answer while PostgreSQL is away.
    /// </summary>
    public static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/swagger");
}
