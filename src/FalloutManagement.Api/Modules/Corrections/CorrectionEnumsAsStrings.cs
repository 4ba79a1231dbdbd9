using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Corrections.Domain;

namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>How the correction enums are stored.</summary>
internal sealed class CorrectionEnumsAsStrings() : EnumsAsStrings(
    (typeof(CorrectionType), 40), (typeof(CorrectionStatus), 40), (typeof(RiskLevel), 20), (typeof(ExecutionStatus), 20),
    (typeof(ExecutionOutcome), 20));
