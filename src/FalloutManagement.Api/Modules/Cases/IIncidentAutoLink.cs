using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>At intake, links a new case to the open incident whose auto-link rule it matches. Implemented by Incidents.</summary>
public interface IIncidentAutoLink
{
    Task LinkIfMatchingAsync(FalloutCase fallout, DateTimeOffset now, CancellationToken ct);
}
