using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Resume.Domain;

namespace FalloutManagement.Api.Modules.Resume;

/// <summary>How resume token states are stored.</summary>
internal sealed class ResumeEnumsAsStrings() : EnumsAsStrings((typeof(ResumeTokenStatus), 20));
