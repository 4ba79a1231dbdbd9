namespace FalloutManagement.Api.Common.Auth;

/// <summary>The six roles of docs/api-guide.md, as they appear in the token's <c>role</c> claim.</summary>
public static class Roles
{
    public const string Source = "fallout.source";
    public const string Operator = "fallout.operator";
    public const string Supervisor = "fallout.supervisor";
    public const string Approver = "fallout.approver";
    public const string Admin = "fallout.admin";
    public const string Auditor = "fallout.auditor";

    public static readonly IReadOnlyList<string> All = [Source, Operator, Supervisor, Approver, Admin, Auditor];

    /// <summary>Staff who may read cases. Operators are further limited to their queues.</summary>
    public static readonly IReadOnlyList<string> CaseReaders = [Operator, Supervisor, Approver, Auditor];
}
