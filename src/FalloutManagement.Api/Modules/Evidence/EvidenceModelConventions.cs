using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Evidence.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Evidence;

/// <summary>Evidence types are stored as their contract strings, never as numbers.</summary>
internal sealed class EvidenceModelConventions : IModelConventions
{
    public void Configure(ModelConfigurationBuilder builder)
    {
        builder.Properties<EvidenceType>().HaveConversion<string>().HaveMaxLength(40);
    }
}
