using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Events.Hub;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>Hub delivery states are stored as their names, never as numbers.</summary>
internal sealed class EventsModelConventions : IModelConventions
{
    public void Configure(ModelConfigurationBuilder builder)
    {
        builder.Properties<HubDeliveryStatus>().HaveConversion<string>().HaveMaxLength(20);
    }
}
