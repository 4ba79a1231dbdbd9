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

internal sealed record PolicyChangePage(IReadOnlyList<PolicyChangeResponse> Items, string? NextCursor);

internal sealed record DecidePolicyChangeRequest(string? Reason);

internal sealed class DecidePolicyChangeRequestValidator : AbstractValidator<DecidePolicyChangeRequest>
{
    public DecidePolicyChangeRequestValidator() => RuleFor(r => r.Reason).MaximumLength(2000);
}

/// <summary>
/// <c>GET /policy-changes</c> (admins, auditors), <c>POST /policy-changes/{id}/approve</c> (another admin: the maker
/// is refused with 403 SEGREGATION_OF_DUTIES; the change is applied in the approving transaction) and
/// <c>POST /policy-changes/{id}/reject</c> (any admin, the maker included: a withdrawal).
/// </summary>
internal static class PolicyChangeEndpoints
{
    private const int PageSize = 200;

    public static void MapPolicyChanges(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/policy-changes").WithTags("Policy changes");

        group.MapGet("/", async (HttpContext http, FalloutDbContext db, PolicyChangeStatus? status, string? kind) =>
            {
                var items = await db.Set<PolicyChange>().AsNoTracking()
                    .Where(c => (status == null || c.Status == status) && (kind == null || c.Kind == kind))
                    .OrderByDescending(c => c.ProposedAt).ThenByDescending(c => c.Id).Take(PageSize).ToListAsync(http.RequestAborted);
                return TypedResults.Ok(new PolicyChangePage([.. items.Select(PolicyChangeResponse.From)], null));
            })
            .RequireAuthorization(Policies.PolicyChangeReader)
            .WithName("ListPolicyChanges")
            .Produces<PolicyChangePage>();

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, FalloutDbContext db) =>
                TypedResults.Ok(PolicyChangeResponse.From(await FindAsync(db, id, http.RequestAborted))))
            .RequireAuthorization(Policies.PolicyChangeReader)
            .WithName("GetPolicyChange")
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
