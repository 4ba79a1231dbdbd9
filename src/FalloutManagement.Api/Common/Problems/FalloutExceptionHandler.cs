using System.Text.Json;
using System.Text.RegularExpressions;
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
public sealed partial class FalloutExceptionHandler : IExceptionHandler
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
        if (exception.StatusCode == StatusCodes.Status400BadRequest && !exception.Message.Contains("from body", StringComparison.Ordinal)
            && ParameterProblem().Match(exception.Message) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            var message = parameter.Groups["verb"].Value == "Required"
                ? $"{name} is required."
                : $"{name} must be {Expected(parameter.Groups["type"].Value)}.";
            return ProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Validation failed",
                "One or more fields are invalid.", new Dictionary<string, string[]> { [name] = [message] });
        }
        var status = exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : 400;
        return ProblemWriter.WriteAsync(context, status, ProblemWriter.CodeFor(status), ReasonPhrases.GetReasonPhrase(status), exception.Message);
    }

    /// <summary>What a route or query parameter of this .NET type takes, in the API's words rather than the type's name.</summary>
    private static string Expected(string type) => (type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type) switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
        "double" or "decimal" or "float" => "a number",
        "bool" or "Boolean" => "true or false",
        "Guid" => "a UUID, e.g. 0190b6a0-7c1e-7d4e-9a51-3f1f7c2a9b10",
        "DateTimeOffset" or "DateTime" => "an ISO-8601 timestamp, e.g. 2026-11-02T09:00:00Z",
        "DateOnly" => "an ISO-8601 date, e.g. 2026-11-02",
        _ => "a valid value",
    };

    /// <summary>The binder's words for a route or query value it could not read, or a required one that was missing.</summary>
    [GeneratedRegex("^(?<verb>Failed to bind|Required) parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\"")]
    private static partial Regex ParameterProblem();

    /// <summary>What is wrong, in the API's words: the serializer's own message names .NET types.</summary>
    private static string ReadableJsonError(JsonException json) => json switch
    {
        { Path: null or "$" } => "The body is not a readable JSON object.",
        _ when json.Message.Contains("could not be mapped", StringComparison.Ordinal) =>
            "This request has no such field (names are exact, camelCase).",
        _ when json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "This field is given more than once.",
        _ => $"The value at {json.Path} has the wrong type or format.",
    };
}
