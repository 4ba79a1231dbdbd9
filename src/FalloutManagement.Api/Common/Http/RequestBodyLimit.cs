using FalloutManagement.Api.Common.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// Refuses a body larger than the endpoint's limit (its <see cref="IRequestSizeLimitMetadata"/>, else the default)
/// with 413 before it is read. Kestrel enforces the same limit for chunked bodies while they are read.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next)
{
    public const long DefaultLimit = 64 * 1024;

    /// <summary>The most bytes the request's endpoint takes.</summary>
    public static long LimitFor(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultLimit;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = LimitFor(context);
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            await ProblemWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ProblemCodes.ValidationFailed,
                "Payload too large", $"The request body may be at most {limit} bytes.");
            return;
        }
        await next(context);
    }
}
