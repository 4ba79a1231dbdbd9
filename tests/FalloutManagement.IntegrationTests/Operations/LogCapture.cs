using System.Collections.Concurrent;
using System.Net.Http.Headers;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>
/// A Serilog sink the host picks up from its services (the service's logger reads sinks from DI), so a test sees
/// exactly the events the service writes to its console, and can render them with the service's own formatter.
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    /// <summary>The same service, at Information level, with this capture attached and the given settings.</summary>
    public WebApplicationFactory<Program> Attach(FalloutApp app, IDictionary<string, string?>? settings = null) =>
        app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Serilog:MinimumLevel:Default", "Information");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(this));
        });

    /// <summary>The request log lines (one per request), written by Serilog's request logging.</summary>
    public IReadOnlyList<LogEvent> RequestLines(string path) =>
        [.. Events.Where(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)
            && e.Properties.TryGetValue("RequestPath", out var p) && p.ToString().Trim('"') == path)];

    public static int Status(LogEvent requestLine) => int.Parse(requestLine.Properties["StatusCode"].ToString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Everything an event would put in a log: message, properties, exception, as the formatter writes it.</summary>
    public static string Render(LogEvent logEvent, ITextFormatter formatter)
    {
        using var writer = new StringWriter();
        formatter.Format(logEvent, writer);
        return writer.ToString();
    }

    public static HttpClient Client(WebApplicationFactory<Program> app, string? token)
    {
        var client = app.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}
