namespace FalloutManagement.Api.Modules.Queues.Sla;

/// <summary>
/// Configuration section <c>TimeRules:ChargingRepair</c> (seed §31, charging missing after activation): a case with one of
/// <see cref="ReasonCodes"/> has <see cref="DeadlineMinutes"/> from intake to get its correction applied. When the deadline
/// passes first, the time sweep asks <see cref="Executor"/> once to suspend the service (<c>FalloutServiceSuspendRequested</c>),
/// unless the customer's segment is one of <see cref="GraceSegments"/> (grace access: the policy of the seed for enterprise SLAs).
/// </summary>
internal sealed class ChargingRepairOptions
{
    public const string Section = "TimeRules:ChargingRepair";

    private static readonly string[] DefaultReasonCodes = ["CHARGING_BUCKET_MISSING", "CHARGING_PROFILE_MISSING"];
    private static readonly string[] DefaultGraceSegments = ["ENTERPRISE"];

    /// <summary>The reason codes whose cases have a charging-repair deadline (default the two charging reason codes of the taxonomy).</summary>
    public string[]? ReasonCodes { get; set; }

    /// <summary>Minutes from intake to the deadline; 0 turns the rule off.</summary>
    public int DeadlineMinutes { get; set; } = 240;

    /// <summary>The executor code asked to suspend the service (the seeded billing and charging system).</summary>
    public string Executor { get; set; } = "billing";

    /// <summary>Customer segments given grace access: no suspension (default ENTERPRISE; an empty list suspends every segment).</summary>
    public string[]? GraceSegments { get; set; }

    public IReadOnlyList<string> EffectiveReasonCodes => ReasonCodes ?? DefaultReasonCodes;

    public IReadOnlyList<string> EffectiveGraceSegments => GraceSegments ?? DefaultGraceSegments;

    public TimeSpan Deadline => TimeSpan.FromMinutes(DeadlineMinutes);

    public bool Enabled => DeadlineMinutes > 0 && EffectiveReasonCodes.Count > 0 && !string.IsNullOrWhiteSpace(Executor);

    internal bool IsValid() => DeadlineMinutes >= 0;
}
