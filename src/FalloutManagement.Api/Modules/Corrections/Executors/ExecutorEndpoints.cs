using System.Text.RegularExpressions;
using System.Xml;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.Executors;

/// <summary>An executor as the API shows it; <c>resultDeadline</c> is an ISO 8601 duration (<c>PT15M</c>).</summary>
internal sealed record ExecutorDto(string Code, string Name, IReadOnlyList<CorrectionType> CorrectionTypes, string ResultDeadline, long Version)
{
    internal static ExecutorDto From(Executor e) =>
        new(e.Code, e.Name, [.. e.CorrectionTypes.Order()], XmlConvert.ToString(e.ResultDeadline), e.Version);
}

internal sealed record ExecutorList(IReadOnlyList<ExecutorDto> Items, string? NextCursor);

/// <summary>The body of create (with <c>code</c>) and update (the code is in the path; the whole executor is replaced).</summary>
internal sealed record ExecutorRequest(string? Code, string? Name, IReadOnlyList<CorrectionType>? CorrectionTypes, string? ResultDeadline, string? Reason);

internal sealed partial class ExecutorRequestValidator : AbstractValidator<ExecutorRequest>
{
    /// <summary>A result deadline longer than this is a typo, not a policy.</summary>
    public static readonly TimeSpan LongestDeadline = TimeSpan.FromDays(30);

    public ExecutorRequestValidator()
    {
        RuleFor(r => r.Code).Must(c => c is null || CodeFormat().IsMatch(c))
            .WithMessage($"Lower-case letters, digits and dashes, at most {Executor.CodeLength} characters.");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(Executor.NameLength);
        RuleFor(r => r.CorrectionTypes).NotNull().Must(t => t is null || t.Count > 0)
            .WithMessage("At least one correction type.");
        RuleFor(r => r.CorrectionTypes).Must(t => t is null || !t.Contains(CorrectionType.MANUAL_PROVISIONING))
            .WithMessage("MANUAL_PROVISIONING is carried out by a person, not by an executor.");
        RuleFor(r => r.ResultDeadline).NotEmpty().Must(d => d is null || Deadline(d) is not null)
            .WithMessage($"An ISO 8601 duration above zero and at most {XmlConvert.ToString(LongestDeadline)}, e.g. PT15M.");
        RuleFor(r => r.Reason).MaximumLength(2000);
    }

    /// <summary>The duration, or null when it is not an ISO 8601 duration in range.</summary>
    public static TimeSpan? Deadline(string text)
    {
        try
        {
            var deadline = XmlConvert.ToTimeSpan(text.Trim());
            return deadline > TimeSpan.Zero && deadline <= LongestDeadline ? deadline : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,59}$")]
    private static partial Regex CodeFormat();
}

/// <summary>
/// <c>GET /executors</c> and <c>GET /executors/{code}</c> (every staff role), <c>POST /executors</c> and
/// <c>PUT /executors/{code}</c> (If-Match on the executor's version): admins only, every change an audit entry (case
/// id null) in the same transaction. There is no delete: a correction remembers the executor it was sent to.
/// </summary>
internal static class ExecutorEndpoints
{
    public static void MapExecutors(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (FalloutDbContext db, HttpContext http) =>
            {
                var executors = await db.Set<Executor>().AsNoTracking().OrderBy(e => e.Code).ToListAsync(http.RequestAborted);
                return TypedResults.Ok(new ExecutorList([.. executors.Select(ExecutorDto.From)], null));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("ListExecutors")
            .WithSummary("List executors")
            .WithDescription("The systems that execute corrections (activation service, HSS adapter, resource inventory, billing, order management, partner gateway, field workforce, CRM, and any an admin added): each with its `code` (the `executor` claim of its tokens), the correction types it executes and its `resultDeadline` (ISO 8601 duration). Ordered by code, in one page. Read by every staff role.")
            .Produces<ExecutorList>();

        group.MapGet("/{code}", async (string code, FalloutDbContext db, HttpContext http) =>
            {
                var executor = await FindAsync(db, code, http.RequestAborted);
                IfMatch.SetETag(http, executor.Version);
                return TypedResults.Ok(ExecutorDto.From(executor));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("GetExecutor")
            .WithSummary("Get an executor")
            .WithDescription("One executor with its version as ETag (send it as If-Match to change it).")
            .CaseRead()
            .Produces<ExecutorDto>();

        group.MapPost("/", async (ExecutorRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                if (request.Code is null)
                {
                    throw DomainException.Validation("code", "Required.");
                }
                var now = clock.GetUtcNow();
                if (await db.Set<Executor>().AnyAsync(e => e.Code == request.Code, http.RequestAborted))
                {
                    throw new DomainException(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, "Executor exists",
                        $"Executor {request.Code} exists; change it with PUT /executors/{request.Code}.");
                }
                var executor = Executor.Create(request.Code, request.Name!.Trim(), request.CorrectionTypes!,
                    ExecutorRequestValidator.Deadline(request.ResultDeadline!)!.Value, http.Caller().Id, now);
                db.Add(executor);
                ReferenceAudit.Record(db, http, "EXECUTOR_CREATED", request.Reason, null, ExecutorDto.From(executor), now);
                await db.SaveChangesAsync(http.RequestAborted);
                IfMatch.SetETag(http, executor.Version);
                return TypedResults.Created($"/executors/{executor.Code}", ExecutorDto.From(executor));
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ExecutorRequest>()
            .WithName("CreateExecutor")
            .WithSummary("Add an executor")
            .WithDescription("Adds a system that executes corrections (fallout.admin only, audited as EXECUTOR_CREATED). `code`: lower-case letters, digits and dashes, at most 60 characters, never changed later; `correctionTypes`: at least one, never MANUAL_PROVISIONING (a person carries that out); `resultDeadline`: an ISO 8601 duration above zero and at most P30D. A code that exists is 409 INVALID_TRANSITION (409 ALREADY_EXISTS for the loser of two creating it at once). Answers 201 with Location and the executor's ETag.")
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, ProblemCodes.AlreadyExists)
            .RequestExample("partner", "A wholesale partner's gateway that retries its own steps", new
            {
                code = "wholesale-gateway", name = "Wholesale partner gateway", correctionTypes = new[] { CorrectionType.RETRY },
                resultDeadline = "PT4H", reason = "new wholesale partner",
            })
            .Produces<ExecutorDto>(StatusCodes.Status201Created);

        group.MapPut("/{code}", async (string code, ExecutorRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                if (request.Code is not null && request.Code != code)
                {
                    throw DomainException.Validation("code", "The code is the executor's identity and does not change.");
                }
                var now = clock.GetUtcNow();
                var executor = await FindAsync(db, code, http.RequestAborted);
                var expected = IfMatch.Required(http);
                if (expected != executor.Version)
                {
                    throw DomainException.VersionConflict($"The executor is at version {executor.Version}, not {expected}. Read it again and retry.");
                }
                var before = ExecutorDto.From(executor);
                executor.Update(request.Name!.Trim(), request.CorrectionTypes!, ExecutorRequestValidator.Deadline(request.ResultDeadline!)!.Value,
                    http.Caller().Id, now);
                ReferenceAudit.Record(db, http, "EXECUTOR_UPDATED", request.Reason, before, ExecutorDto.From(executor), now);
                await db.SaveChangesAsync(http.RequestAborted);
                IfMatch.SetETag(http, executor.Version);
                return TypedResults.Ok(ExecutorDto.From(executor));
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ExecutorRequest>()
            .WithName("UpdateExecutor")
            .WithSummary("Change an executor")
            .WithDescription("Replaces an executor's name, correction types and result deadline (fallout.admin only, audited as EXECUTOR_UPDATED with before and after). Requires If-Match with the executor's ETag. The code is its identity: a body `code` other than the path's is 400. A correction takes its executor and result deadline when it is proposed: the change counts from the next proposal.")
            .VersionedCommand()
            .RequestExample("deadline", "Give the HSS adapter longer to report", new
            {
                name = "HSS adapter", correctionTypes = new[] { CorrectionType.DATA_CORRECTION, CorrectionType.RETRY }, resultDeadline = "PT30M",
                reason = "the HSS maintenance window slows provisioning",
            })
            .Produces<ExecutorDto>();
    }

    private static async Task<Executor> FindAsync(FalloutDbContext db, string code, CancellationToken ct) =>
        await db.Set<Executor>().FirstOrDefaultAsync(e => e.Code == code, ct)
        ?? throw DomainException.NotFound($"Executor {code} was not found.");
}
