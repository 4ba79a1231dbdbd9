using System.Xml;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.PolicyChanges;
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

internal sealed class ExecutorRequestValidator : AbstractValidator<ExecutorRequest>
{
    /// <summary>A result deadline longer than this is a typo, not a policy.</summary>
    public static readonly TimeSpan LongestDeadline = TimeSpan.FromDays(30);

    public ExecutorRequestValidator()
    {
        RuleFor(r => r.Code).Must(c => c is null || ExecutorCodes.IsValid(c))
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
}

/// <summary>
/// <c>GET /executors</c> and <c>GET /executors/{code}</c> (every staff role), <c>POST /executors</c> and
/// <c>PUT /executors/{code}</c> (If-Match on the executor's version): admins only, and four eyes: each answers 202 with
/// a policy change that takes effect when another admin approves it (its audit entry, case id null, written then).
/// There is no delete: a correction remembers the executor it was sent to.
/// </summary>
internal static class ExecutorEndpoints
{
    public const string Kind = "executor";

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
                await EnsureCodeFreeAsync(db, request.Code, http.RequestAborted);
                return await PolicyChangeProposals.ProposeAsync(db, http, new PolicyChangeDraft(Kind, request.Code, PolicyChangeProposals.Create,
                    null, request with { Reason = null }, request, null, request.Reason), clock.GetUtcNow());
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ExecutorRequest>()
            .WithName("CreateExecutor")
            .WithSummary("Propose a new executor")
            .WithDescription("Proposes a system that executes corrections (fallout.admin only): 202 with a policy change (`Location: /policy-changes/{id}`) that takes effect when another admin approves it (`POST /policy-changes/{id}/approve`), audited as EXECUTOR_CREATED then. `code`: lower-case letters, digits and dashes, at most 60 characters, never changed later; `correctionTypes`: at least one, never MANUAL_PROVISIONING (a person carries that out); `resultDeadline`: an ISO 8601 duration above zero and at most P30D. A code that exists is 409, when proposed and again when approved.")
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition)
            .RequestExample("partner", "A wholesale partner's gateway that retries its own steps", new
            {
                code = "wholesale-gateway", name = "Wholesale partner gateway", correctionTypes = new[] { CorrectionType.RETRY },
                resultDeadline = "PT4H", reason = "new wholesale partner",
            })
            .Produces<PolicyChangeResponse>(StatusCodes.Status202Accepted);

        group.MapPut("/{code}", async (string code, ExecutorRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                if (request.Code is not null && request.Code != code)
                {
                    throw DomainException.Validation("code", "The code is the executor's identity and does not change.");
                }
                var executor = await FindAsync(db, code, http.RequestAborted);
                var expected = IfMatch.Required(http);
                if (expected != executor.Version)
                {
                    throw DomainException.VersionConflict($"The executor is at version {executor.Version}, not {expected}. Read it again and retry.");
                }
                return await PolicyChangeProposals.ProposeAsync(db, http, new PolicyChangeDraft(Kind, code, PolicyChangeProposals.Update,
                    ExecutorDto.From(executor), request with { Code = code, Reason = null }, request with { Code = code }, executor.Version,
                    request.Reason), clock.GetUtcNow());
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ExecutorRequest>()
            .WithName("UpdateExecutor")
            .WithSummary("Propose a change of an executor")
            .WithDescription("Proposes to replace an executor's name, correction types and result deadline (fallout.admin only; If-Match with the executor's ETag): 202 with a policy change that takes effect when another admin approves it, audited as EXECUTOR_UPDATED with before and after then; refused (409) at approval when the executor changed since. The code is its identity: a body `code` other than the path's is 400. A correction already dispatched keeps the executor and deadline it was sent with; the change counts from the next proposal after the approval.")
            .VersionedCommand()
            .RequestExample("deadline", "Give the HSS adapter longer to report", new
            {
                name = "HSS adapter", correctionTypes = new[] { CorrectionType.DATA_CORRECTION, CorrectionType.RETRY }, resultDeadline = "PT30M",
                reason = "the HSS maintenance window slows provisioning",
            })
            .Produces<PolicyChangeResponse>(StatusCodes.Status202Accepted);
    }

    internal static async Task EnsureCodeFreeAsync(FalloutDbContext db, string code, CancellationToken ct)
    {
        if (await db.Set<Executor>().AnyAsync(e => e.Code == code, ct))
        {
            throw new DomainException(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, "Executor exists",
                $"Executor {code} exists; change it with PUT /executors/{code}.");
        }
    }

    internal static async Task<Executor> FindAsync(FalloutDbContext db, string code, CancellationToken ct) =>
        await db.Set<Executor>().FirstOrDefaultAsync(e => e.Code == code, ct)
        ?? throw DomainException.NotFound($"Executor {code} was not found.");
}

/// <summary>Applies an approved executor change: create or update, as the maker proposed it, audited with before and after.</summary>
internal sealed class ExecutorChanges : IPolicyChangeKind
{
    public string Kind => ExecutorEndpoints.Kind;

    public async Task<object> ApplyAsync(ApprovedPolicyChange change, FalloutDbContext db, HttpContext http, DateTimeOffset now, CancellationToken ct)
    {
        var request = PolicyChangeProposals.Request<ExecutorRequest>(change);
        var deadline = ExecutorRequestValidator.Deadline(request.ResultDeadline!)!.Value;
        if (change.Operation == PolicyChangeProposals.Create)
        {
            await ExecutorEndpoints.EnsureCodeFreeAsync(db, change.Target, ct);
            var created = Executor.Create(change.Target, request.Name!.Trim(), request.CorrectionTypes!, deadline, change.ProposedBy, now);
            db.Add(created);
            ReferenceAudit.Record(db, http, "EXECUTOR_CREATED", change.Reason, null, ExecutorDto.From(created), now);
            return ExecutorDto.From(created);
        }
        var executor = await ExecutorEndpoints.FindAsync(db, change.Target, ct);
        if (executor.Version != change.BaseVersion)
        {
            throw DomainException.InvalidTransition(
                $"The executor changed since this proposal (version {executor.Version}, proposed against {change.BaseVersion}); propose again.");
        }
        var before = ExecutorDto.From(executor);
        executor.Update(request.Name!.Trim(), request.CorrectionTypes!, deadline, change.ProposedBy, now);
        ReferenceAudit.Record(db, http, "EXECUTOR_UPDATED", change.Reason, before, ExecutorDto.From(executor), now);
        return ExecutorDto.From(executor);
    }
}
