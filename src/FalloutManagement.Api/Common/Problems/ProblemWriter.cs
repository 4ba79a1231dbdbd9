using FalloutManagement.Api.Common.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace FalloutManagement.Api.Common.Problems;

/// <summary>Writes RFC 9457 problems with the contract's stable <c>code</c>.</summary>
public static class ProblemWriter
{
    public static ProblemDetails Create(HttpContext context, int status, string code, string title, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null ? new ProblemDetails() : new ValidationProblemDetails(errors);
        problem.Title = title;
        problem.Detail = detail;
        Complete(problem, context, status, code);
        return problem;
    }

    /// <summary>
    /// Gives any problem, ours or one the framework made (unknown route, wrong method, wrong content type), the same
    /// members: <c>type</c> from the code, <c>instance</c>, <c>code</c> and the request's W3C <c>traceId</c> (the id
    /// on the request's log lines).
    /// </summary>
    public static void Complete(ProblemDetails problem, HttpContext context, int status, string code)
    {
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Detail ??= problem.Title;
        problem.Type = $"https://fallout-management.dev/problems/{code.ToLowerInvariant().Replace('_', '-')}";
        problem.Instance = context.Request.Path;
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = CorrelationId.TraceIdOf(context);
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        var problem = Create(context, status, code, title, detail, errors);
        context.Response.StatusCode = status;
        // A refusal that knows when it would be accepted says so (a rate limit: Retry-After, seconds, at least 1).
        if (context.Features.Get<IExceptionHandlerFeature>()?.Error is DomainException { RetryAfter: { } wait })
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return context.Response.WriteAsJsonAsync(problem, problem.GetType(), JsonDefaults.Options, "application/problem+json");
    }

    /// <summary>The code for a bare status, for responses the framework produces (unknown route, wrong method).</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ProblemCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemCodes.Forbidden,
        StatusCodes.Status404NotFound => ProblemCodes.NotFound,
        StatusCodes.Status409Conflict => ProblemCodes.InvalidTransition,
        StatusCodes.Status405MethodNotAllowed => ProblemCodes.MethodNotAllowed,
        StatusCodes.Status406NotAcceptable => ProblemCodes.NotAcceptable,
        StatusCodes.Status412PreconditionFailed => ProblemCodes.VersionConflict,
        StatusCodes.Status415UnsupportedMediaType => ProblemCodes.UnsupportedMediaType,
        StatusCodes.Status428PreconditionRequired => ProblemCodes.PreconditionRequired,
        StatusCodes.Status429TooManyRequests => ProblemCodes.RateLimited,
        >= 400 and < 500 => ProblemCodes.ValidationFailed,
        StatusCodes.Status503ServiceUnavailable => ProblemCodes.ServiceUnavailable,
        _ => ProblemCodes.InternalError,
    };
}
