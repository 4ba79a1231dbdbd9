using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Common.Problems;

/// <summary>
/// The one place exceptions become problems: domain refusals keep their status and code, unreadable input is a
/// 4xx <c>VALIDATION_FAILED</c>, a lost optimistic-concurrency race is 412, a lost race on a unique key 409
/// <c>ALREADY_EXISTS</c>, a database that is away is a 503 the
/// client retries, and only a real fault is a 500. Nothing is logged here: the request's log line (written outside
/// this handler, see <see cref="Observability.Logging"/>) carries the status, and for a 5xx the exception, once.
/// </summary>
public sealed class FalloutExceptionHandler : IExceptionHandler
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
            case DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } }:
                // The endpoints check for duplicates first; two requests racing past that check meet the unique index.
                // Nothing was saved (the transaction rolled back): the loser is told what a later request would be told.
                await ProblemWriter.WriteAsync(httpContext, StatusCodes.Status409Conflict, ProblemCodes.AlreadyExists,
                    "Already exists", "A concurrent request created the same item first; nothing was changed. Read it and retry if needed.");
                return true;
            case Exception when httpContext.RequestAborted.IsCancellationRequested:
                // The client is gone (it hung up, or the server dropped the connection when it shut down): whatever
                // failed afterwards, nobody received an answer, and the request line says so (499), not 500 or 503.
                httpContext.Response.StatusCode = 499;
                return true;
            case Exception when DatabaseUnavailable.Is(exception):
                httpContext.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ProblemWriter.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable,
                    "Service unavailable", "The database is not reachable right now; nothing was changed. Retry after the Retry-After delay.");
                return true;
            default:
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
        var status = exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : 400;
        return ProblemWriter.WriteAsync(context, status, ProblemWriter.CodeFor(status), ReasonPhrases.GetReasonPhrase(status), exception.Message);
    }

    private static string ReadableJsonError(JsonException json) =>
        json.Path is null or "$" ? "The body is not a readable JSON object." : $"The value at {json.Path} has the wrong type or format.";
}
