using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>The case's enums are stored as their contract strings, never as numbers.</summary>
internal sealed class CasesModelConventions : IModelConventions
{
    public void Configure(ModelConfigurationBuilder builder)
    {
        builder.Properties<CaseStatus>().HaveConversion<string>().HaveMaxLength(40);
        builder.Properties<FalloutCategory>().HaveConversion<string>().HaveMaxLength(20);
        builder.Properties<Severity>().HaveConversion<string>().HaveMaxLength(20);
        builder.Properties<WaitingFor>().HaveConversion<string>().HaveMaxLength(20);
        builder.Properties<ResolutionDecision>().HaveConversion<string>().HaveMaxLength(20);
        builder.Properties<ResumeMode>().HaveConversion<string>().HaveMaxLength(40);
        builder.Properties<CaseTaskStatus>().HaveConversion<string>().HaveMaxLength(20);
    }
}
