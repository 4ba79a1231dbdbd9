using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Queues.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Queues.ReferenceData;

internal sealed record QueueMemberRequest(string? User, IReadOnlyList<string>? Skills, int? Capacity, bool? Active);

internal sealed record QueueMemberResponse(string Queue, string User, IReadOnlyList<string> Skills, int Capacity, bool Active,
    DateTimeOffset? LastAssignedAt, long Version, DateTimeOffset UpdatedAt)
{
    public static QueueMemberResponse From(QueueMember m) =>
        new(m.QueueCode, m.UserId, m.Skills, m.Capacity, m.Active, m.LastAssignedAt, m.Version, m.UpdatedAt);
}

internal sealed class QueueMemberRequestValidator : AbstractValidator<QueueMemberRequest>
{
    public QueueMemberRequestValidator()
    {
        RuleFor(r => r.User).MaximumLength(100)
            .Must(u => string.IsNullOrWhiteSpace(u) || PathSegments.IsAddressable(u.Trim())).WithMessage(PathSegments.Message);
        RuleFor(r => r.Capacity).NotNull().InclusiveBetween(0, 1000);
        RuleFor(r => r.Skills).Must(s => s is null || s.Count <= 50).WithMessage("At most 50 skills.");
        RuleForEach(r => r.Skills).NotEmpty().MaximumLength(100);
    }
}

/// <summary><c>/queues/{code}/members</c>: who works a queue, with skills and capacity (the automatic strategies use them).</summary>
internal static class QueueMemberEndpoints
{
    public static void MapQueueMembers(this RouteGroupBuilder group)
    {
        group.MapGet("/{code}/members", async (string code, FalloutDbContext db, int? limit, string? cursor, CancellationToken ct) =>
            {
                var take = Paging.Take(limit);
                await QueueEndpoints.FindAsync(db, code, ct);
                var query = db.Set<QueueMember>().AsNoTracking().Where(m => m.QueueCode == code);
                if (cursor is not null)
                {
                    var after = KeysetCursor.DecodeText(KeysetCursor.DecodeKey(cursor, 1)[0], PathSegments.IsAddressable);
                    query = query.Where(m => string.Compare(m.UserId, after) > 0);
                }
                var rows = await query.OrderBy(m => m.UserId).Take(take + 1).ToListAsync(ct);
                return TypedResults.Ok(Paging.Of(rows, take, m => KeysetCursor.EncodeKey(m.UserId), QueueMemberResponse.From));
            })
            .RequireAuthorization(Policies.Staff).WithName("ListQueueMembers")
            .WithSummary("List a queue's members")
            .WithDescription("The people who work the queue, with their capacity and state.");

        group.MapPost("/{code}/members", async (string code, QueueMemberRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var ct = http.RequestAborted;
                var queue = await QueueEndpoints.FindAsync(db, code, ct);
                if (string.IsNullOrWhiteSpace(request.User))
                {
                    throw DomainException.Validation("user", "user is required.");
                }
                var user = request.User.Trim();
                if (await db.Set<QueueMember>().AnyAsync(m => m.QueueCode == queue.Code && m.UserId == user, ct))
                {
                    throw DomainException.Validation("user", $"{user} is a member of {queue.Code} already; update the membership instead.");
                }
                var member = new QueueMember(queue.Code, user)
                {
                    Skills = [.. (request.Skills ?? []).Distinct()],
                    Capacity = request.Capacity!.Value,
                    Active = request.Active ?? true,
                };
                // A user name may be any path-safe text (PathSegments); a Location header only ASCII (written after the commit, so it must not fail).
                return await ReferenceChange.CreateAsync(http, db, member, clock.GetUtcNow(), "QUEUE_MEMBER_ADDED", QueueMemberResponse.From,
                    $"/queues/{Uri.EscapeDataString(code)}/members/{Uri.EscapeDataString(member.UserId)}");
            })
            .RequireAuthorization(Policies.Admin).Validate<QueueMemberRequest>().WithName("AddQueueMember")
            .WithSummary("Add a queue member")
            .WithDescription("Adds a person to the queue (fallout.admin only, audited). Answers 201 with Location.");

        group.MapPut("/{code}/members/{user}", async (string code, string user, QueueMemberRequest request, HttpContext http, FalloutDbContext db,
                TimeProvider clock) =>
            {
                var member = await FindAsync(db, code, user, http.RequestAborted);
                return await ReferenceChange.UpdateAsync(http, db, clock, member, "QUEUE_MEMBER_UPDATED", QueueMemberResponse.From, () =>
                {
                    member.Skills = [.. (request.Skills ?? []).Distinct()];
                    member.Capacity = request.Capacity!.Value;
                    member.Active = request.Active ?? member.Active;
                    return Task.CompletedTask;
                });
            })
            .RequireAuthorization(Policies.Admin).Validate<QueueMemberRequest>().WithName("UpdateQueueMember")
            .WithSummary("Update a queue member")
            .WithDescription("Changes a member's settings. Requires If-Match with the member's ETag.")
            .VersionedCommand();

        group.MapPost("/{code}/members/{user}/deactivate", async (string code, string user, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
                await ReferenceChange.DeactivateAsync(http, db, clock, await FindAsync(db, code, user, http.RequestAborted), "QUEUE_MEMBER_DEACTIVATED",
                    QueueMemberResponse.From, $"{user} is already inactive in {code}."))
            .RequireAuthorization(Policies.Admin).WithName("DeactivateQueueMember")
            .WithSummary("Deactivate a queue member")
            .WithDescription("The person gets no new cases from the queue. Requires If-Match with the member's ETag.")
            .VersionedCommand();
    }

    private static async Task<QueueMember> FindAsync(FalloutDbContext db, string code, string user, CancellationToken ct) =>
        await db.Set<QueueMember>().FirstOrDefaultAsync(m => m.QueueCode == code && m.UserId == user, ct)
        ?? throw DomainException.NotFound($"{user} is not a member of queue {code}.");
}
