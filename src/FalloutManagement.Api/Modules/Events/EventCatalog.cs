using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>Every event type the service publishes (docs/events.md shows each with an example).</summary>
internal static class EventCatalog
{
    public const string BreakGlassStarted = "BreakGlassStarted";
    public const string BreakGlassEnded = "BreakGlassEnded";
    public const string FieldsRevealed = "FalloutCaseFieldsRevealed";

    public static readonly IReadOnlySet<string> EventTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        CaseEventTypes.Detected,
        CaseEventTypes.Classified,
        CaseEventTypes.Assigned,
        CaseEventTypes.TaskCreated,
        CaseEventTypes.CorrectionProposed,
        CaseEventTypes.CorrectionApproved,
        CaseEventTypes.CorrectionRejected,
        CaseEventTypes.CorrectionApplied,
        CaseEventTypes.EvidenceAttached,
        CaseEventTypes.ResolvedForResume,
        CaseEventTypes.ResolvedForCancellation,
        CaseEventTypes.ResolvedForCompensation,
        CaseEventTypes.Closed,
        CaseEventTypes.BreachedSla,
        CaseEventTypes.Escalated,
        CaseEventTypes.CustomerNotificationRequested,
        CaseEventTypes.StateChanged,
        CaseEventTypes.ResumeTokenReissued,
        CaseEventTypes.IncidentLinked,
        CaseEventTypes.IncidentUnlinked,
        CaseEventTypes.CorrectionExecutionRequested,
        CaseEventTypes.CorrectionExecutionFailed,
        CaseEventTypes.CorrectionExecutionTimedOut,
        CaseEventTypes.CorrectionExecutionResultLate,
        CaseEventTypes.ExternalUpdateReceived,
        CaseEventTypes.WaitExpired,
        CaseEventTypes.ResumeTokenExpired,
        CaseEventTypes.ReservationHeld,
        CaseEventTypes.ReservationExpired,
        CaseEventTypes.ServiceSuspendRequested,
        BreakGlassStarted,
        BreakGlassEnded,
        FieldsRevealed,
    };
}
