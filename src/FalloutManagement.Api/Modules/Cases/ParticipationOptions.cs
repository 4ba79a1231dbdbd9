namespace FalloutManagement.Api.Modules.Cases;

/// <summary>Configuration section <c>Participation</c>: the policy for external participants' updates.</summary>
public sealed class ParticipationOptions
{
    public const string Section = "Participation";

    /// <summary>After this many failed appointments (NO_ACCESS, APPOINTMENT_FAILED) of one service order item, across its cases, customer care decides.</summary>
    public int FailedAppointmentLimit { get; set; } = 3;

    /// <summary>The queue of the customer-care decision task; empty means the case's own queue.</summary>
    public string? CustomerCareQueue { get; set; }
}
