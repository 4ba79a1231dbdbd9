namespace FalloutManagement.Api.Common;

/// <summary>
/// Marks data that changes rarely and is read on every intake or command (queues, rules, policies, open incidents):
/// a save that changes any of it clears the reference data cache of this instance at once.
/// </summary>
public interface IReferenceData;
