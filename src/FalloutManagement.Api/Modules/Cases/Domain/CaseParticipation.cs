namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>What a partner, the field workforce or an executor reports when it ends a wait on it.</summary>
public enum ExternalOutcome
{
    /// <summary>The work the case waited for is done.</summary>
    COMPLETED,

    /// <summary>The information the case waited for is given (in <c>detail</c> and/or the evidence).</summary>
    INFORMATION_PROVIDED,

    /// <summary>The visit found nobody or could not enter: a failed appointment.</summary>
    NO_ACCESS,

    /// <summary>The appointment did not take place for another reason: a failed appointment.</summary>
    APPOINTMENT_FAILED,

    /// <summary>The party declines the work; the operator decides what next.</summary>
    DECLINED,
}

/// <summary>What the inventory is asked to do with a resource whose reservation for a case expired.</summary>
public enum ReservationExpiryAction { RELEASE, QUARANTINE }

public enum ReservationStatus { HELD, EXPIRED }

public static class ExternalOutcomes
{
    /// <summary>The outcomes that count as a failed appointment of the service order item.</summary>
    public static bool IsFailedAppointment(this ExternalOutcome outcome) => outcome is ExternalOutcome.NO_ACCESS or ExternalOutcome.APPOINTMENT_FAILED;
}

/// <summary>Evidence a participant captures with its update: a reference into its own store, and the checksum of what is there.</summary>
public sealed record ParticipantEvidence(EvidenceType EvidenceType, string Source, string StorageRef, string? Checksum, bool CustomerVisible);

/// <summary>
/// One update from an external participant, kept on the case: it audits who ended which wait how, makes the update
/// idempotent by <c>updateId</c> per party, and lets failed appointments be counted per service order item across cases.
/// </summary>
public sealed class ExternalUpdate
{
    private ExternalUpdate() { }

    internal ExternalUpdate(Guid id, Guid caseId, string party, string? updateId, WaitingFor waitingFor, ExternalOutcome outcome, string detail,
        Guid? evidenceId, string? serviceOrderItemId, string receivedBy, DateTimeOffset receivedAt)
    {
        Id = id;
        CaseId = caseId;
        Party = party;
        UpdateId = updateId;
        WaitingFor = waitingFor;
        Outcome = outcome;
        Detail = detail;
        EvidenceId = evidenceId;
        ServiceOrderItemId = serviceOrderItemId;
        ReceivedBy = receivedBy;
        ReceivedAt = receivedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string Party { get; private set; } = "";
    public string? UpdateId { get; private set; }
    public WaitingFor WaitingFor { get; private set; }
    public ExternalOutcome Outcome { get; private set; }
    public string Detail { get; private set; } = "";
    public Guid? EvidenceId { get; private set; }
    public string? ServiceOrderItemId { get; private set; }
    public string ReceivedBy { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }
}

/// <summary>A resource held for a case (a port, an ONT, a number) until it expires; at expiry the inventory is asked to release or quarantine it.</summary>
public sealed class ResourceReservation
{
    private ResourceReservation() { }

    internal ResourceReservation(Guid id, Guid caseId, string resourceId, string kind, DateTimeOffset expiresAt, ReservationExpiryAction onExpiry,
        string createdBy, DateTimeOffset createdAt)
    {
        Id = id;
        CaseId = caseId;
        ResourceId = resourceId;
        Kind = kind;
        ExpiresAt = expiresAt;
        OnExpiry = onExpiry;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
        Status = ReservationStatus.HELD;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string ResourceId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public DateTimeOffset ExpiresAt { get; private set; }
    public ReservationExpiryAction OnExpiry { get; private set; }
    public ReservationStatus Status { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ExpiredAt { get; private set; }

    internal void Expire(DateTimeOffset now)
    {
        Status = ReservationStatus.EXPIRED;
        ExpiredAt = now;
    }
}
