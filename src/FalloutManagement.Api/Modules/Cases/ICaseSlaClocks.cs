namespace FalloutManagement.Api.Modules.Cases;

/// <summary>The SLA clocks of a case, for its response; kept and implemented by Queues.</summary>
public interface ICaseSlaClocks
{
    /// <summary>The case's stored clocks, ordered by kind.</summary>
    Task<IReadOnlyList<SlaClockDto>> OfCaseAsync(Guid caseId, DateTimeOffset now, CancellationToken ct);

    /// <summary>The clocks the unit of work just saved for the case (a new case: nothing to read back).</summary>
    IReadOnlyList<SlaClockDto> SavedOf(Guid caseId, DateTimeOffset now);
}
