using System.Text.Json.Serialization;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// An event of the service that no case change records (a break-glass elevation starting or ending). Its properties
/// are its own fields on the wire, like a <see cref="Cases.Domain.CaseEvent"/>'s; the event mapper puts the envelope
/// around them, with <c>falloutCaseId</c> set when the event concerns one case and null otherwise. The module that
/// raises it owns the record; <see cref="EventCatalog"/> names its type.
/// </summary>
public abstract record ServiceEvent([property: JsonIgnore] string EventType, [property: JsonIgnore] Guid? FalloutCaseId);
