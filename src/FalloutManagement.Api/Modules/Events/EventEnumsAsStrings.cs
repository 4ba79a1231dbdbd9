using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Events.Hub;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>How hub delivery states are stored.</summary>
internal sealed class EventEnumsAsStrings() : EnumsAsStrings((typeof(HubDeliveryStatus), 20));
