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

    /// <summary>The service sends a correction to its executor once its policy is satisfied (no caller: it follows propose, approve or evidence).</summary>
    DISPATCH_CORRECTION,

    /// <summary>The executor a correction was dispatched to reports its outcome.</summary>
    REPORT_EXECUTION_RESULT,

    /// <summary>The sweep times out an execution whose executor sent no result by the deadline (no caller).</summary>
    TIME_OUT_EXECUTION,
    EXTERNAL_UPDATE,
    HOLD_RESERVATION,

    /// <summary>The time sweep ends a wait whose <c>waitingUntil</c> passed (no caller).</summary>
    EXPIRE_WAIT,

    /// <summary>The time sweep expires a held reservation whose TTL passed (no caller).</summary>
    EXPIRE_RESERVATION,

    /// <summary>The time sweep reports a decision token that expired unused and sends the case to its supervisors (no caller).</summary>
    EXPIRE_DECISION_TOKEN,

    /// <summary>The time sweep asks the charging executor to suspend a service whose charging was not repaired by its deadline (no caller).</summary>
    REQUEST_SERVICE_SUSPENSION,

    /// <summary>
    /// A material change (escalation, relink) voids a correction still waiting to be sent to its executor: it could no longer be
    /// dispatched and nobody may apply it, so it is rejected by the service and the case returns to its operator (no caller).
    /// </summary>
    VOID_OUTDATED_CORRECTION,
}
