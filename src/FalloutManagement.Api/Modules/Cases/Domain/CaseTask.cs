namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>A manual task on a case. An open mandatory task blocks resolution.</summary>
public sealed class CaseTask
{
    private CaseTask() { }

    internal CaseTask(Guid id, Guid caseId, string taskType, string instruction, string? queue, string? assignedUser,
        bool mandatory, string createdBy, DateTimeOffset createdAt)
    {
        Id = id;
        CaseId = caseId;
        TaskType = taskType;
        Instruction = instruction;
        Queue = queue;
        AssignedUser = assignedUser;
        Mandatory = mandatory;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
        Status = CaseTaskStatus.OPEN;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string TaskType { get; private set; } = "";
    public string Instruction { get; private set; } = "";
    public string? Queue { get; private set; }
    public string? AssignedUser { get; private set; }
    public bool Mandatory { get; private set; }
    public CaseTaskStatus Status { get; private set; }
    public string? Outcome { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string? CompletedBy { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    internal void Assign(string? user, string? queue)
    {
        AssignedUser = user;
        Queue = queue;
    }

    internal void Complete(string outcome, string actor, DateTimeOffset now)
    {
        Status = CaseTaskStatus.DONE;
        Outcome = outcome;
        CompletedBy = actor;
        CompletedAt = now;
    }
}
