using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.Tasks;

internal sealed record CreateTaskRequest(string? TaskType, string? Instruction, string? Queue, string? User, bool? Mandatory);

internal sealed class CreateTaskRequestValidator : AbstractValidator<CreateTaskRequest>
{
    public CreateTaskRequestValidator()
    {
        RuleFor(r => r.TaskType).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Instruction).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.Queue).MaximumLength(100);
        RuleFor(r => r.User).MaximumLength(100);
        RuleFor(r => r.Mandatory).NotNull();
    }
}

internal sealed record AssignTaskRequest(string? User, string? Queue, string? Reason);

internal sealed class AssignTaskRequestValidator : AbstractValidator<AssignTaskRequest>
{
    public AssignTaskRequestValidator()
    {
        RuleFor(r => r.User).MaximumLength(100);
        RuleFor(r => r.Queue).MaximumLength(100);
        RuleFor(r => r).Must(r => !string.IsNullOrWhiteSpace(r.User) || !string.IsNullOrWhiteSpace(r.Queue))
            .OverridePropertyName("user").WithMessage("Name a user, a queue or both.");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }
}

internal sealed record CompleteTaskRequest(string? Outcome);

internal sealed class CompleteTaskRequestValidator : AbstractValidator<CompleteTaskRequest>
{
    public CompleteTaskRequestValidator() => RuleFor(r => r.Outcome).NotEmpty().MaximumLength(4000);
}

/// <summary>
/// <c>POST /fallout-cases/{id}/tasks</c> creates a manual task (201 with the task; an open mandatory task blocks
/// resolution), <c>POST /fallout-cases/{id}/tasks/{taskId}/assign</c> gives it to a person or queue and
/// <c>POST /fallout-cases/{id}/tasks/{taskId}/complete</c> records its outcome (both 200 with the case).
/// </summary>
internal static class TaskEndpoints
{
    public static void MapTasks(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/tasks", async (Guid id, CreateTaskRequest request, HttpContext http, CaseStore store) =>
            {
                var (_, task) = await store.RunAsync(http, id, CaseCommand.CREATE_TASK, (fallout, caller, now) =>
                    fallout.CreateTask(request.TaskType!.Trim(), request.Instruction!, request.Queue, request.User, request.Mandatory!.Value,
                        caller.Actor, now));
                return Results.Created($"/fallout-cases/{id}/tasks/{task.Id}", TaskDto.From(task));
            })
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<CreateTaskRequest>()
            .WithName("CreateTask")
            .WithSummary("Create a task on a case")
            .WithDescription("Adds a task (type, instruction, optionally a queue or user, mandatory or not); mandatory tasks must be done before resolution. Answers 201 with Location.")
            .CaseCommand()
            .Produces<TaskDto>(StatusCodes.Status201Created);

        group.MapPost("/{id:guid}/tasks/{taskId:guid}/assign", (Guid id, Guid taskId, AssignTaskRequest request, HttpContext http,
                CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.ASSIGN_TASK, (fallout, caller, now) =>
                {
                    fallout.AssignTask(taskId, Blank(request.User), Blank(request.Queue), request.Reason!, caller.Actor, now);
                }))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<AssignTaskRequest>()
            .WithName("AssignTask")
            .WithSummary("Assign a task")
            .WithDescription("Assigns the task to a user.")
            .CaseCommand()
            .Produces<CaseResponse>();

        group.MapPost("/{id:guid}/tasks/{taskId:guid}/complete", (Guid id, Guid taskId, CompleteTaskRequest request, HttpContext http,
                CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.COMPLETE_TASK, (fallout, caller, now) =>
                {
                    fallout.CompleteTask(taskId, request.Outcome!, caller.Actor, now);
                }))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<CompleteTaskRequest>()
            .WithName("CompleteTask")
            .WithSummary("Complete a task")
            .WithDescription("Records the task's outcome and marks it done.")
            .CaseCommand()
            .Produces<CaseResponse>();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
