using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Corrections.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>The correction enums are stored as their contract strings, never as numbers.</summary>
internal sealed class CorrectionsModelConventions : IModelConventions
{
    public void Configure(ModelConfigurationBuilder builder)
    {
        builder.Properties<CorrectionType>().HaveConversion<string>().HaveMaxLength(40);
        builder.Properties<CorrectionStatus>().HaveConversion<string>().HaveMaxLength(40);
        builder.Properties<RiskLevel>().HaveConversion<string>().HaveMaxLength(20);
    }
}
