using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.PolicyChanges;

internal sealed record PolicyChangeResponse(Guid Id, string Kind, string Target, string Operation, JsonElement? Before, JsonElement After,
    string? Reason, string ProposedBy, DateTimeOffset ProposedAt, PolicyChangeStatus Status, string? DecidedBy, DateTimeOffset? DecidedAt,
    string? DecisionReason, long Version)
{
    public static PolicyChangeResponse From(PolicyChange c) => new(c.Id, c.Kind, c.Target, c.Operation, Parse(c.BeforeJson),
        Parse(c.AfterJson) ?? default, c.Reason, c.ProposedBy, c.ProposedAt, c.Status, c.DecidedBy, c.DecidedAt, c.DecisionReason, c.Version);

    private static JsonElement? Parse(string? json)
    {
        if (json is null or "null")
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

internal sealed record DecidePolicyChangeRequest(string? Reason);

internal sealed class DecidePolicyChangeRequestValidator : AbstractValidator<DecidePolicyChangeRequest>
{
    public DecidePolicyChangeRequestValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
}

/// <summary>
/// <c>GET /policy-changes</c> (admins, auditors), <c>POST /policy-changes/{id}/approve</c> (another admin: the maker
/// is refused with 403 SEGREGATION_OF_DUTIES; the change is applied in the approving transaction) and
/// <c>POST /policy-changes/{id}/reject</c> (any admin, the maker included: a withdrawal).
/// </summary>
internal static class PolicyChangeEndpoints
{
    public static void MapPolicyChanges(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/policy-changes").WithTag("Policy changes",
            "Four eyes on policy: changes of action policies and masking rules are proposals that take effect when a second admin approves them.");

        group.MapGet("/", async (HttpContext http, FalloutDbContext db, string? status, string? kind, int? limit, string? cursor) =>
            {
                var take = Paging.Take(limit);
                var query = db.Set<PolicyChange>().AsNoTracking();
                if (QueryEnum.Parse<PolicyChangeStatus>("status", status) is { } only)
                {
                    query = query.Where(c => c.Status == only);
                }
                if (kind is not null)
                {
                    query = query.Where(c => c.Kind == kind);
                }
                if (cursor is not null)
                {
                    var (at, before) = KeysetCursor.Decode(cursor);
                    query = query.Where(c => c.ProposedAt < at || (c.ProposedAt == at && c.Id.CompareTo(before) < 0));
                }
                var items = await query.OrderByDescending(c => c.ProposedAt).ThenByDescending(c => c.Id).Take(take + 1).ToListAsync(http.RequestAborted);
                return TypedResults.Ok(Paging.Of(items, take, c => KeysetCursor.Encode(c.ProposedAt, c.Id), PolicyChangeResponse.From));
            })
            .RequireAuthorization(Policies.PolicyChangeReader)
            .WithName("ListPolicyChanges")
            .WithSummary("Policy changes, newest first: proposed, approved, rejected.")
            .WithDescription("For admins and auditors: every proposal to change action policies, executors or masking rules with its before and after, its maker and, once decided, its checker. Filter by `status` and `kind` (`action-policy`, `executor`, `masking-rules`); keyset pages (`nextCursor` → `cursor`).")
            .QueryEnum<PolicyChangeStatus>("status")
            .Produces<Page<PolicyChangeResponse>>();

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, FalloutDbContext db) =>
                TypedResults.Ok(PolicyChangeResponse.From(await FindAsync(db, id, http.RequestAborted))))
            .RequireAuthorization(Policies.PolicyChangeReader)
            .WithName("GetPolicyChange")
            .WithSummary("One policy change with its before, after and decision.")
            .WithDescription("For admins and auditors. `status` is `PROPOSED` until another admin approves it (then `APPROVED`: it took effect in the approving transaction) or an admin rejects it (`REJECTED`).")
            .Produces<PolicyChangeResponse>();

        group.MapPost("/{id:guid}/approve", async (Guid id, DecidePolicyChangeRequest request, HttpContext http, FalloutDbContext db,
                IEnumerable<IPolicyChangeKind> kinds, TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var change = await FindAsync(db, id, http.RequestAborted);
                // Refuse before anything is applied: the state first, then segregation of duties.
                change.EnsureProposed();
                change.EnsureChecker(http.Caller().Id);
                var kind = kinds.FirstOrDefault(k => k.Kind == change.Kind)
                    ?? throw new InvalidOperationException($"No module applies policy changes of kind {change.Kind}.");
                var applied = await kind.ApplyAsync(new ApprovedPolicyChange(change.Id, change.Target, change.Operation, change.RequestJson,
                    change.BaseVersion, change.ProposedBy, change.Reason), db, http, now, http.RequestAborted);
                var before = PolicyChangeResponse.From(change);
                change.Approve(http.Caller().Id, request.Reason, PolicyChangeProposals.Json(applied), now);
                ReferenceAudit.Record(db, http, "POLICY_CHANGE_APPROVED", request.Reason, before, PolicyChangeResponse.From(change), now);
                await SaveAsync(db, http);
                return TypedResults.Ok(PolicyChangeResponse.From(change));
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<DecidePolicyChangeRequest>()
            .WithName("ApprovePolicyChange")
            .WithSummary("Approve and apply a proposed policy change (another admin than its maker).")
            .WithDescription("The checker states why (`reason`). The change is applied in the approving transaction, audited with its before and after. The maker is refused (403 `SEGREGATION_OF_DUTIES`); a change that is no longer `PROPOSED`, or whose target changed since it was proposed, answers 409 `INVALID_TRANSITION` and nothing is applied.")
            .Refuses(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, ProblemCodes.SegregationOfDuties)
            .Refuses(StatusCodes.Status409Conflict)
            .Produces<PolicyChangeResponse>();

        group.MapPost("/{id:guid}/reject", async (Guid id, DecidePolicyChangeRequest request, HttpContext http, FalloutDbContext db,
                TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var change = await FindAsync(db, id, http.RequestAborted);
                var before = PolicyChangeResponse.From(change);
                change.Reject(http.Caller().Id, request.Reason, now);
                ReferenceAudit.Record(db, http, "POLICY_CHANGE_REJECTED", request.Reason, before, PolicyChangeResponse.From(change), now);
                await SaveAsync(db, http);
                return TypedResults.Ok(PolicyChangeResponse.From(change));
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<DecidePolicyChangeRequest>()
            .WithName("RejectPolicyChange")
            .WithSummary("Reject a proposed policy change (any admin; its maker withdraws it this way).")
            .WithDescription("`REJECTED` with the given `reason`, audited; nothing is applied. A change that is no longer `PROPOSED` answers 409 `INVALID_TRANSITION`.")
            .Refuses(StatusCodes.Status409Conflict)
            .Produces<PolicyChangeResponse>();
    }

    private static async Task<PolicyChange> FindAsync(FalloutDbContext db, Guid id, CancellationToken ct) =>
        await db.Set<PolicyChange>().FirstOrDefaultAsync(c => c.Id == id, ct)
        ?? throw DomainException.NotFound($"Policy change {id} was not found.");

    private static async Task SaveAsync(FalloutDbContext db, HttpContext http)
    {
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.InvalidTransition("The policy change was decided meanwhile; read it again.");
        }
    }
}
