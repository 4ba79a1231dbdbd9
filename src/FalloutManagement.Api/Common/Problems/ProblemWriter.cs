using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FalloutManagement.Api.Common.Problems;

/// <summary>Writes RFC 9457 problems with the contract's stable <c>code</c>.</summary>
public static class ProblemWriter
{
    public static ProblemDetails Create(HttpContext context, int status, string code, string title, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null ? new ProblemDetails() : new ValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Type = $"https://fallout-management.dev/problems/{code.ToLowerInvariant().Replace('_', '-')}";
        problem.Instance = context.Request.Path;
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        return problem;
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        var problem = Create(context, status, code, title, detail, errors);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, problem.GetType(), JsonDefaults.Options, "application/problem+json");
    }

    /// <summary>The code for a bare status, for responses the framework produces (unknown route, wrong method).</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ProblemCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemCodes.Forbidden,
        StatusCodes.Status404NotFound => ProblemCodes.NotFound,
        StatusCodes.Status409Conflict => ProblemCodes.InvalidTransition,
        StatusCodes.Status412PreconditionFailed => ProblemCodes.VersionConflict,
        StatusCodes.Status428PreconditionRequired => ProblemCodes.PreconditionRequired,
        StatusCodes.Status429TooManyRequests => ProblemCodes.RateLimited,
        >= 400 and < 500 => ProblemCodes.ValidationFailed,
        _ => ProblemCodes.InternalError,
    };
}
