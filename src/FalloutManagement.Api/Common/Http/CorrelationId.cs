using Serilog.Context;

namespace FalloutManagement.Api.Common.Http;

/// <summary>Carries <c>X-Correlation-Id</c> (printable ASCII, else the trace id) into every log line of the request and back to the caller.</summary>
public sealed class CorrelationId(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var value = context.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200 || !value.All(c => c is >= ' ' and <= '~'))
        {
            value = context.TraceIdentifier;
        }
        context.Response.Headers[Header] = value;
        using (LogContext.PushProperty("CorrelationId", value))
        {
            await next(context);
        }
    }
}
