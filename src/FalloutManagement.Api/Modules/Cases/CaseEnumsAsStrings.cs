using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>How the aggregate's enums are stored: the case's, and those of its corrections, evidence and resume tokens.</summary>
internal sealed class CaseEnumsAsStrings() : EnumsAsStrings(
    (typeof(CaseStatus), 40), (typeof(FalloutCategory), 20), (typeof(Severity), 20), (typeof(WaitingFor), 20),
    (typeof(ResolutionDecision), 20), (typeof(ResumeMode), 40), (typeof(CaseTaskStatus), 20),
    (typeof(CorrectionType), 40), (typeof(CorrectionStatus), 40), (typeof(RiskLevel), 20), (typeof(ExecutionStatus), 20),
    (typeof(ExecutionOutcome), 20),
    (typeof(EvidenceType), 40), (typeof(ResumeTokenStatus), 20),
    (typeof(ExternalOutcome), 40), (typeof(ReservationExpiryAction), 20), (typeof(ReservationStatus), 20));
