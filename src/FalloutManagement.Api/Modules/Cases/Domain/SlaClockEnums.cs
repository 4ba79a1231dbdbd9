namespace FalloutManagement.Api.Modules.Cases.Domain;

// Enum member names are wire strings; they are stored as strings too.
#pragma warning disable CA1707

/// <summary>The SLA clocks every case runs (kept by Queues; shown on the case).</summary>
public enum SlaClockKind { TIME_TO_CLASSIFY, TIME_TO_ASSIGN, TIME_TO_FIRST_ACTION, TIME_TO_RESOLVE, CUSTOMER_PROMISE }

public enum SlaClockState { ON_TRACK, AT_RISK, BREACHED, MET, PAUSED }

#pragma warning restore CA1707
