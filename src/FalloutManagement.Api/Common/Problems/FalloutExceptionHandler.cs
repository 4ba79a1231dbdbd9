using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Common.Problems;

/// <summary>
/// The one place exceptions become problems: domain refusals keep their status and code, unreadable input is a
/// 4xx <c>VALIDATION_FAILED</c>, a lost optimistic-concurrency race is 412, and only a real fault is a 500.
/// </summary>
public sealed class FalloutExceptionHandler(ILogger<FalloutExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }
        switch (exception)
        {
            case ValidationProblemException validation:
                await ProblemWriter.WriteAsync(httpContext, validation.Status, validation.Code, validation.Title, validation.Message, validation.Errors);
                return true;
            case DomainException domain:
                await ProblemWriter.WriteAsync(httpContext, domain.Status, domain.Code, domain.Title, domain.Message);
                return true;
            case BadHttpRequestException badRequest:
                await WriteBadRequestAsync(httpContext, badRequest);
                return true;
            case DbUpdateConcurrencyException:
                await ProblemWriter.WriteAsync(httpContext, StatusCodes.Status412PreconditionFailed, ProblemCodes.VersionConflict,
                    "Version conflict", "The case was changed by someone else at the same time. Read it again and retry.");
                return true;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                httpContext.Response.StatusCode = 499;
                return true;
            default:
                logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                await ProblemWriter.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, ProblemCodes.InternalError,
                    "Internal error", "The request failed unexpectedly; it was logged with its trace id.");
                return true;
        }
    }

    private static Task WriteBadRequestAsync(HttpContext context, BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ProblemWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ProblemCodes.ValidationFailed,
                "Payload too large", "The request body is larger than this endpoint accepts.");
        }
        if (exception.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
            return ProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                "Malformed request body", "The request body is not valid JSON of the expected shape.",
                new Dictionary<string, string[]> { [field] = [ReadableJsonError(json)] });
        }
        return ProblemWriter.WriteAsync(context, exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : 400,
            ProblemCodes.ValidationFailed, "Bad request", exception.Message);
    }

    private static string ReadableJsonError(JsonException json) =>
        json.Path is null or "$" ? "The body is not a readable JSON object." : $"The value at {json.Path} has the wrong type or format.";
}
