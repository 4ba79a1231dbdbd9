using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Evidence.Domain;

namespace FalloutManagement.Api.Modules.Evidence;

/// <summary>How evidence types are stored.</summary>
internal sealed class EvidenceEnumsAsStrings() : EnumsAsStrings((typeof(EvidenceType), 40));
