using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using FalloutManagement.Api.Modules.Queues.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Queues.Assignment;

/// <summary>
/// <c>POST /queues/{code}/next</c>: manual pull. Claims for the caller the most urgent (earliest SLA due) QUEUED,
/// unassigned case of the queue. The candidate row is locked with <c>FOR UPDATE SKIP LOCKED</c>, so two people
/// pulling at once never get the same case: the second skips the first's row and takes the next. 204 when
/// nothing is waiting.
/// </summary>
internal static class PullNextEndpoint
{
    public static void MapPullNext(this RouteGroupBuilder group) =>
        group.MapPost("/{code}/next", HandleAsync)
            .RequireAuthorization(Policies.CaseWorker)
            .WithName("PullNextCase")
            .WithSummary("Pull the next case")
            .WithDescription("Claims the most urgent unassigned case of the queue for the caller (204 when none waits).")
            .Refuses(StatusCodes.Status403Forbidden)
            .Produces<CaseResponse>()
            .Produces(StatusCodes.Status204NoContent);

    private static async Task<IResult> HandleAsync(string code, HttpContext http, FalloutDbContext db, CaseStore store, ReferenceDataCache cache)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        if (!(await QueueCatalog.AllAsync(db, cache, ct)).ContainsKey(code))
        {
            throw DomainException.NotFound($"Queue {code} was not found.");
        }
        if (!caller.IsInRole(Roles.Supervisor) && !caller.Queues.Contains(code))
        {
            throw DomainException.Forbidden($"You do not work queue {code}.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var candidate = await db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value" FROM fallout_cases
             WHERE queue = {code} AND status = 'QUEUED' AND assigned_user IS NULL
             ORDER BY sla_due_at, id
             LIMIT 1
               FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (candidate.Count == 0)
        {
            return TypedResults.NoContent();
        }
        var fallout = await store.FindAsync(candidate[0], ct) ?? throw DomainException.NotFound("The case vanished.");
        CaseAccess.EnsureCanAct(caller, fallout, CaseCommand.ASSIGN);
        fallout.Assign(caller.Id, null, "pulled from the queue", caller.Actor, store.Now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await store.OkAsync(http, fallout, ct);
    }
}
