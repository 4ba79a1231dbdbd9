using FalloutManagement.Api.Common.Problems;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// The one place that keeps text no handler can store from reaching any handler: route values, query parameters
/// and every string of a JSON body (JSON-typed fields such as correction payloads and intake attributes included)
/// with NUL, a lone surrogate or broken UTF-8 are refused with 400 <c>VALIDATION_FAILED</c> naming the field; an
/// enum given in the route or query must be one of its names exactly (never a number), and a time given there is
/// ISO 8601 (<see cref="IsoTime"/>; the binder would read <c>1.5</c> as a date). A JSON body is read into
/// memory once (within the endpoint's body limit) and handed on to the binder.
/// </summary>
public sealed class InputGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var problem = RouteAndQueryProblem(context);
        if (problem is null && HasBody(context.Request) && context.Request.HasJsonContentType())
        {
            if (!IsUtf8Json(context.Request))
            {
                await ProblemWriter.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType,
                    "Unsupported Media Type", "Request bodies are JSON in UTF-8 (Content-Type: application/json).");
                return;
            }
            var body = await BufferAsync(context);
            if (body is null)
            {
                await ProblemWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ProblemCodes.ValidationFailed,
                    "Payload too large", $"The request body may be at most {RequestBodyLimit.LimitFor(context)} bytes.");
                return;
            }
            problem = JsonTextScanner.FindProblem(body.Value.Span);
        }
        if (problem is { } refused)
        {
            await ProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Validation failed",
                "One or more fields are invalid.", new Dictionary<string, string[]> { [refused.Field] = [refused.Message] });
            return;
        }
        await next(context);
    }

    private static (string Field, string Message)? RouteAndQueryProblem(HttpContext context)
    {
        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (value is string text && TextSafety.Problem(text) is { } message)
            {
                return (key, message);
            }
        }
        foreach (var (key, values) in context.Request.Query)
        {
            if (TextSafety.Problem(key) is { } keyMessage)
            {
                return (JsonTextScanner.Printable(key), keyMessage);
            }
            foreach (var value in values)
            {
                if (TextSafety.Problem(value) is { } message)
                {
                    return (key, message);
                }
            }
        }
        return TypedParameterProblem(context);
    }

    /// <summary>
    /// Minimal APIs parse enums with <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/>, which takes numbers, and
    /// times with the culture's lenient <c>TryParse</c>, which takes <c>1.5</c> or <c>5</c>.
    /// </summary>
    private static (string Field, string Message)? TypedParameterProblem(HttpContext context)
    {
        var parameters = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>();
        if (parameters is null)
        {
            return null;
        }
        foreach (var parameter in parameters)
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            var isTime = type == typeof(DateTimeOffset) || type == typeof(DateTime);
            if (!type.IsEnum && !isTime)
            {
                continue;
            }
            var given = context.Request.RouteValues.TryGetValue(parameter.Name, out var routeValue) && routeValue is string fromRoute
                ? [fromRoute]
                : context.Request.Query[parameter.Name].ToArray();
            foreach (var value in given)
            {
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }
                if (isTime && !IsoTime.IsValid(value))
                {
                    return (parameter.Name, IsoTime.Message);
                }
                if (type.IsEnum && !Enum.GetNames(type).Contains(value, StringComparer.Ordinal))
                {
                    return (parameter.Name, $"Must be one of {string.Join(", ", Enum.GetNames(type))}.");
                }
            }
        }
        return null;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>
    /// JSON without a charset, or with UTF-8 (any case, quoted or not: RFC 9110 makes them the same); anything else the
    /// binder would transcode past this guard.
    /// </summary>
    private static bool IsUtf8Json(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            return false;
        }
        var charsets = type.Parameters.Where(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)).ToList();
        if (charsets.Count == 0)
        {
            return true;
        }
        // One charset, UTF-8: an empty one (`charset=`, which the binder cannot look up) or two of them are not UTF-8.
        var charset = charsets.Count == 1 ? HeaderUtilities.RemoveQuotes(charsets[0].Value).Value : null;
        if (charset is null || (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        // The binder looks the charset up as written, quotes included: it gets the body's media type alone, UTF-8 being JSON's default.
        request.ContentType = type.MediaType.Value;
        return true;
    }

    /// <summary>The whole body, now also the request's body for the binder; null when it is over the endpoint's limit.</summary>
    private static async Task<ReadOnlyMemory<byte>?> BufferAsync(HttpContext context)
    {
        var limit = RequestBodyLimit.LimitFor(context);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.GetBuffer();
        context.Request.Body = new MemoryStream(bytes, 0, (int)buffer.Length, writable: false);
        return bytes.AsMemory(0, (int)buffer.Length);
    }
}
