namespace FalloutManagement.Api.Common.Auth;

/// <summary>The roles of docs/api-guide.md, as they appear in the token's <c>role</c> claim: the six staff and source roles, executor and partner systems.</summary>
public static class Roles
{
    public const string Source = "fallout.source";
    public const string Operator = "fallout.operator";
    public const string Supervisor = "fallout.supervisor";
    public const string Approver = "fallout.approver";
    public const string Admin = "fallout.admin";
    public const string Auditor = "fallout.auditor";

    /// <summary>A system that executes corrections (activation, HSS adapter, inventory, billing...); its <c>executor</c> claim names which.</summary>
    public const string Executor = "fallout.executor";

    /// <summary>A partner or field organisation (field workforce, installer, wholesale partner); its <c>partner</c> claim names which.</summary>
    public const string Partner = "fallout.partner";

    public static readonly IReadOnlyList<string> All = [Source, Operator, Supervisor, Approver, Admin, Auditor, Executor, Partner];

    /// <summary>Staff who may read cases. Operators are further limited to their queues.</summary>
    public static readonly IReadOnlyList<string> CaseReaders = [Operator, Supervisor, Approver, Auditor];
}
