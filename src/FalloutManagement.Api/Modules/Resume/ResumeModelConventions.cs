using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Resume.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Resume;

/// <summary>Resume token states are stored as their contract strings, never as numbers.</summary>
internal sealed class ResumeModelConventions : IModelConventions
{
    public void Configure(ModelConfigurationBuilder builder)
    {
        builder.Properties<ResumeTokenStatus>().HaveConversion<string>().HaveMaxLength(20);
    }
}
