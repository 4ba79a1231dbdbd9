namespace FalloutManagement.Api.Common.Problems;

/// <summary>
/// A refusal the caller can understand and act on. Every refused command throws one of these
/// (never a silent no-op); the exception handler turns it into an RFC 9457 problem.
/// </summary>
public class DomainException(int status, string code, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Title { get; } = title;

    /// <summary>For a 429: how long until the refused request would be accepted, sent as <c>Retry-After</c> (whole seconds).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static DomainException InvalidTransition(string detail) =>
        new(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, "Invalid transition", detail);

    public static DomainException NotFound(string detail) =>
        new(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", detail);

    public static DomainException Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Forbidden", detail);

    public static DomainException VersionConflict(string detail) =>
        new(StatusCodes.Status412PreconditionFailed, ProblemCodes.VersionConflict, "Version conflict", detail);

    public static DomainException PreconditionRequired(string detail) =>
        new(StatusCodes.Status428PreconditionRequired, ProblemCodes.PreconditionRequired, "Precondition required", detail);

    /// <summary>409: a business rule refuses the command (the code says which).</summary>
    public static DomainException Refused(string code, string title, string detail) =>
        new(StatusCodes.Status409Conflict, code, title, detail);

    /// <summary>403: the caller may not do this (segregation of duties, step-up, policy).</summary>
    public static DomainException Denied(string code, string title, string detail) =>
        new(StatusCodes.Status403Forbidden, code, title, detail);

    public static DomainException Validation(string field, string message) =>
        new ValidationProblemException(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A validation refusal carrying field-level errors (the problem's <c>errors</c> member).</summary>
public sealed class ValidationProblemException(IDictionary<string, string[]> errors)
    : DomainException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Validation failed",
        "One or more fields are invalid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
