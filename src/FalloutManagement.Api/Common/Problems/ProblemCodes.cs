namespace FalloutManagement.Api.Common.Problems;

/// <summary>The stable <c>code</c> values of docs/api-guide.md (Errors); clients switch on these, never on titles.</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string InvalidTransition = "INVALID_TRANSITION";
    public const string VersionConflict = "VERSION_CONFLICT";
    public const string PreconditionRequired = "PRECONDITION_REQUIRED";
    public const string NotFound = "NOT_FOUND";
    public const string Forbidden = "FORBIDDEN";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string ApprovalRequired = "APPROVAL_REQUIRED";
    public const string SegregationOfDuties = "SEGREGATION_OF_DUTIES";
    public const string EvidenceRequired = "EVIDENCE_REQUIRED";
    public const string TokenUsed = "TOKEN_USED";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string OrderVersionMismatch = "ORDER_VERSION_MISMATCH";
    public const string PolicyDenied = "POLICY_DENIED";
    public const string StepUpRequired = "STEP_UP_REQUIRED";
    public const string RateLimited = "RATE_LIMITED";
    public const string EvidenceQuotaExceeded = "EVIDENCE_QUOTA_EXCEEDED";
    public const string InternalError = "INTERNAL_ERROR";

    // Framework answers: the route exists but not with this method, the body is not JSON, the database is away.
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string NotAcceptable = "NOT_ACCEPTABLE";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    /// <summary>An operator tried to apply a correction its owning system executes.</summary>
    public const string ExecutedByOwningSystem = "EXECUTED_BY_OWNING_SYSTEM";

    /// <summary>An execution result with another outcome than the one already recorded for the command.</summary>
    public const string ResultConflict = "RESULT_CONFLICT";

    /// <summary>An execution result naming a command the correction was not sent with.</summary>
    public const string UnknownCommand = "UNKNOWN_COMMAND";

    /// <summary>No executor executes the correction type (or the one a payload names does not).</summary>
    public const string NoExecutor = "NO_EXECUTOR";
}
