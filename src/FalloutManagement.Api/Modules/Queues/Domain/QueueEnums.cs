namespace FalloutManagement.Api.Modules.Queues.Domain;

// Enum member names are wire strings; they are stored as strings too.
#pragma warning disable CA1707

/// <summary>How a queue hands its cases to people.</summary>
internal enum AssignmentStrategy
{
    /// <summary>People pull the most urgent case themselves (<c>POST /queues/{code}/next</c>).</summary>
    MANUAL_PULL,

    /// <summary>Each new case goes to the active member with spare capacity who got one longest ago.</summary>
    ROUND_ROBIN,

    /// <summary>Each new case goes to the active member with the fewest open cases, below their capacity.</summary>
    LEAST_LOADED,

    /// <summary>Like LEAST_LOADED, among members whose skills name the case's reason code or category.</summary>
    SKILL_BASED,
}

#pragma warning restore CA1707
