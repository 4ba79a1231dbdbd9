using System.Diagnostics;
using Serilog.Context;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// Carries <c>X-Correlation-Id</c> (printable ASCII, else the trace id) into every log line of the request and back to the caller. Without one, the
/// request's W3C trace id is the correlation id (taken from an incoming <c>traceparent</c> when there is one), so
/// the header, the log lines' <c>TraceId</c> and a problem's <c>traceId</c> are the same value.
/// </summary>
public sealed class CorrelationId(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var value = context.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200 || !value.All(c => c is >= ' ' and <= '~'))
        {
            value = TraceIdOf(context);
        }
        context.Items[typeof(CorrelationId)] = value;
        // Set as the response starts: the exception handler clears the headers of a response it rewrites.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = value;
            return Task.CompletedTask;
        });
        using (LogContext.PushProperty("CorrelationId", value))
        {
            await next(context);
        }
    }

    /// <summary>
    /// The request's correlation id, as its answer will carry it: the caller's <c>X-Correlation-Id</c> when usable, else
    /// <see cref="TraceIdOf"/>. (The answer's header is only set as the answer starts, so read it here, not there.)
    /// </summary>
    public static string Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(CorrelationId), out var value) && value is string id ? id : TraceIdOf(context);

    /// <summary>The request's W3C trace id (32 hex digits), or the server's request id when no trace is running.</summary>
    public static string TraceIdOf(HttpContext context) =>
        Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;
}
