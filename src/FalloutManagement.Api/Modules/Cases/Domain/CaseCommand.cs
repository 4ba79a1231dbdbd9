namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>Every command a fallout case accepts. The names are what <c>allowed-actions</c> returns.</summary>
public enum CaseCommand
{
    CLASSIFY,
    ASSIGN,
    START,
    WAIT,
    CONTINUE,
    ESCALATE,
    CREATE_TASK,
    ASSIGN_TASK,
    COMPLETE_TASK,
    PROPOSE_CORRECTION,
    APPROVE_CORRECTION,
    REJECT_CORRECTION,
    APPLY_CORRECTION,
    VERIFY,
    VERIFICATION_FAILED,
    ATTACH_EVIDENCE,
    RESOLVE,
    REDEEM_RESUME_TOKEN,
    REISSUE_RESUME_TOKEN,
    CLOSE,
    CANCEL,
    RELINK,
    LINK_INCIDENT,
    UNLINK_INCIDENT,
    EXTERNAL_UPDATE,
    HOLD_RESERVATION,
}
