namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>
/// One reported event of a fallout. The first creates the case; later ones with another source event id on
/// the same open step are appended here. (source_system, source_event_id) is unique, so a replay adds nothing.
/// </summary>
public sealed class FalloutOccurrence
{
    private FalloutOccurrence() { }

    public FalloutOccurrence(Guid id, Guid caseId, string sourceSystem, string sourceEventId, string correlationId,
        string message, DateTimeOffset? occurredAt, DateTimeOffset receivedAt)
    {
        Id = id;
        CaseId = caseId;
        SourceSystem = sourceSystem;
        SourceEventId = sourceEventId;
        CorrelationId = correlationId;
        Message = message;
        OccurredAt = occurredAt;
        ReceivedAt = receivedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string SourceSystem { get; private set; } = "";
    public string SourceEventId { get; private set; } = "";
    public string CorrelationId { get; private set; } = "";
    public string Message { get; private set; } = "";
    public DateTimeOffset? OccurredAt { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
}
