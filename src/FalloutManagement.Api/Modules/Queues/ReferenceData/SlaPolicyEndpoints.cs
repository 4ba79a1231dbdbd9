using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Severity = FalloutManagement.Api.Modules.Cases.Domain.Severity;

namespace FalloutManagement.Api.Modules.Queues.ReferenceData;

internal sealed record SlaPolicyRequest(string? Queue, string? Severity, string? CustomerSegment, int? TimeToClassifyMinutes,
    int? TimeToAssignMinutes, int? TimeToFirstActionMinutes, int? TimeToResolveMinutes, IReadOnlyList<string>? PauseWhile,
    IReadOnlyList<string>? PausedClocks);

internal sealed record SlaPolicyResponse(Guid Id, string Queue, Severity? Severity, string? CustomerSegment, int TimeToClassifyMinutes,
    int TimeToAssignMinutes, int TimeToFirstActionMinutes, int TimeToResolveMinutes, IReadOnlyList<CaseStatus> PauseWhile,
    IReadOnlyList<SlaClockKind> PausedClocks, bool Active, long Version, DateTimeOffset UpdatedAt)
{
    public static SlaPolicyResponse From(SlaPolicy p) => new(p.Id, p.Queue, p.Severity, p.CustomerSegment, p.TimeToClassifyMinutes,
        p.TimeToAssignMinutes, p.TimeToFirstActionMinutes, p.TimeToResolveMinutes, p.PauseWhile, p.PausedClocks, p.Active, p.Version, p.UpdatedAt);
}

internal sealed class SlaPolicyRequestValidator : AbstractValidator<SlaPolicyRequest>
{
    private const int MaxMinutes = 366 * 24 * 60;

    public SlaPolicyRequestValidator()
    {
        RuleFor(r => r.Queue).NotEmpty().MaximumLength(100);
        RuleFor(r => r.CustomerSegment).MaximumLength(100);
        RuleFor(r => r.Severity).IsEnumName(typeof(Severity), caseSensitive: true)
            .WithMessage($"severity must be one of {string.Join(", ", Enum.GetNames<Severity>())}.");
        RuleFor(r => r.TimeToClassifyMinutes).NotNull().InclusiveBetween(1, MaxMinutes);
        RuleFor(r => r.TimeToAssignMinutes).NotNull().InclusiveBetween(1, MaxMinutes);
        RuleFor(r => r.TimeToFirstActionMinutes).NotNull().InclusiveBetween(1, MaxMinutes);
        RuleFor(r => r.TimeToResolveMinutes).NotNull().InclusiveBetween(1, MaxMinutes);
        RuleForEach(r => r.PauseWhile).Must(s => EnumNames.TryParse<CaseStatus>(s, out var status) && status.IsWaiting())
            .WithMessage("pauseWhile lists WAITING_* states.");
        RuleForEach(r => r.PausedClocks).Must(k => EnumNames.TryParse<SlaClockKind>(k, out var kind) && kind != SlaClockKind.CUSTOMER_PROMISE)
            .WithMessage("pausedClocks lists TIME_TO_CLASSIFY, TIME_TO_ASSIGN, TIME_TO_FIRST_ACTION or TIME_TO_RESOLVE (a customer promise never pauses).");
    }
}

/// <summary><c>/sla-policies</c>: SLA durations per queue, severity and segment. Staff read; <c>fallout.admin</c> changes, audited.</summary>
internal static class SlaPolicyEndpoints
{
    public static void MapSlaPolicies(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (FalloutDbContext db, string? queue, int? limit, string? cursor, CancellationToken ct) =>
            {
                var take = Paging.Take(limit);
                var query = db.Set<SlaPolicy>().AsNoTracking();
                if (queue is not null)
                {
                    query = query.Where(p => p.Queue == queue);
                }
                if (cursor is not null)
                {
                    var key = KeysetCursor.DecodeKey(cursor, 2);
                    var (afterQueue, id) = (KeysetCursor.DecodeText(key[0], QueueCodes.IsValid), KeysetCursor.DecodeId(key[1]));
                    query = query.Where(p => string.Compare(p.Queue, afterQueue) > 0 || (p.Queue == afterQueue && p.Id.CompareTo(id) > 0));
                }
                var rows = await query.OrderBy(p => p.Queue).ThenBy(p => p.Id).Take(take + 1).ToListAsync(ct);
                return TypedResults.Ok(Paging.Of(rows, take, p => KeysetCursor.EncodeKey(p.Queue, KeysetCursor.Text(p.Id)), SlaPolicyResponse.From));
            })
            .RequireAuthorization(Policies.Staff).WithName("ListSlaPolicies")
            .WithSummary("List SLA policies")
            .WithDescription("The SLA policies (budgets per clock, calendars, escalation), optionally of one queue.");

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, FalloutDbContext db) =>
                ReferenceChange.Read(http, await FindAsync(db, id, http.RequestAborted), SlaPolicyResponse.From))
            .RequireAuthorization(Policies.Staff).WithName("GetSlaPolicy")
            .WithSummary("Get an SLA policy")
            .WithDescription("One SLA policy with its version as ETag.")
            .CaseRead();

        group.MapPost("/", async (SlaPolicyRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var policy = new SlaPolicy { Id = Guid.CreateVersion7(now) };
                await ApplyAsync(db, policy, request, http.RequestAborted);
                return await ReferenceChange.CreateAsync(http, db, policy, now, "SLA_POLICY_CREATED", SlaPolicyResponse.From, $"/sla-policies/{policy.Id}");
            })
            .RequireAuthorization(Policies.Admin).Validate<SlaPolicyRequest>().WithName("CreateSlaPolicy")
            .RequestExample("enterprise", "Tighter budgets for enterprise customers, paused while the customer is asked", new
            {
                queue = "MOBILE_ACTIVATION_L2", severity = "CRITICAL", customerSegment = "ENTERPRISE", timeToClassifyMinutes = 10,
                timeToAssignMinutes = 20, timeToFirstActionMinutes = 45, timeToResolveMinutes = 180,
                pauseWhile = new[] { "WAITING_CUSTOMER" }, pausedClocks = new[] { "TIME_TO_RESOLVE" },
            })
            .WithSummary("Create an SLA policy")
            .WithDescription("Adds an SLA policy (fallout.admin only, audited). Answers 201 with Location and the policy's ETag.");

        group.MapPut("/{id:guid}", async (Guid id, SlaPolicyRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var policy = await FindAsync(db, id, http.RequestAborted);
                return await ReferenceChange.UpdateAsync(http, db, clock, policy, "SLA_POLICY_UPDATED", SlaPolicyResponse.From,
                    () => ApplyAsync(db, policy, request, http.RequestAborted));
            })
            .RequireAuthorization(Policies.Admin).Validate<SlaPolicyRequest>().WithName("UpdateSlaPolicy")
            .WithSummary("Update an SLA policy")
            .WithDescription("Changes a policy for clocks planned from now on; running clocks keep their budget and paused time. Requires If-Match with the policy's ETag.")
            .VersionedCommand();

        group.MapPost("/{id:guid}/deactivate", async (Guid id, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
                await ReferenceChange.DeactivateAsync(http, db, clock, await FindAsync(db, id, http.RequestAborted), "SLA_POLICY_DEACTIVATED",
                    SlaPolicyResponse.From, "The policy is already inactive."))
            .RequireAuthorization(Policies.Admin).WithName("DeactivateSlaPolicy")
            .WithSummary("Deactivate an SLA policy")
            .WithDescription("The policy stops applying to new clocks. Requires If-Match with the policy's ETag.")
            .VersionedCommand();
    }

    private static async Task<SlaPolicy> FindAsync(FalloutDbContext db, Guid id, CancellationToken ct) =>
        await db.Set<SlaPolicy>().FirstOrDefaultAsync(p => p.Id == id, ct)
        ?? throw DomainException.NotFound($"SLA policy {id} was not found.");

    private static async Task ApplyAsync(FalloutDbContext db, SlaPolicy policy, SlaPolicyRequest request, CancellationToken ct)
    {
        if (!await db.Set<FalloutQueue>().AnyAsync(q => q.Code == request.Queue, ct))
        {
            throw DomainException.Validation("queue", $"Queue {request.Queue} does not exist.");
        }
        policy.Queue = request.Queue!;
        policy.Severity = request.Severity is null ? null : Enum.Parse<Severity>(request.Severity);
        policy.CustomerSegment = request.CustomerSegment;
        policy.TimeToClassifyMinutes = request.TimeToClassifyMinutes!.Value;
        policy.TimeToAssignMinutes = request.TimeToAssignMinutes!.Value;
        policy.TimeToFirstActionMinutes = request.TimeToFirstActionMinutes!.Value;
        policy.TimeToResolveMinutes = request.TimeToResolveMinutes!.Value;
        policy.PauseWhile = [.. (request.PauseWhile ?? []).Select(Enum.Parse<CaseStatus>).Distinct()];
        policy.PausedClocks = [.. (request.PausedClocks ?? []).Select(Enum.Parse<SlaClockKind>).Distinct()];
    }
}
