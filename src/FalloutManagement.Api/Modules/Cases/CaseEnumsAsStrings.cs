using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>How the case's enums are stored.</summary>
internal sealed class CaseEnumsAsStrings() : EnumsAsStrings(
    (typeof(CaseStatus), 40), (typeof(FalloutCategory), 20), (typeof(Severity), 20), (typeof(WaitingFor), 20),
    (typeof(ResolutionDecision), 20), (typeof(ResumeMode), 40), (typeof(CaseTaskStatus), 20));
