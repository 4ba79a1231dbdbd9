using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using FalloutManagement.Api.Modules.Queues.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

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
        // The save runs inside this transaction; a failed save fails the whole pull, so EF's savepoint around it
        // (two round trips) would guard nothing. Set back before the context goes back to the pool.
        db.Database.AutoSavepointsEnabled = false;
        FalloutCase? fallout;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The pick and the case's row are one statement: the row locked is the row loaded.
            fallout = await store.FindWholeAsync(PickSql(db, code), ct);
            if (fallout is null)
            {
                return TypedResults.NoContent();
            }
            CaseAccess.EnsureCanAct(caller, fallout, CaseCommand.ASSIGN);
            fallout.Assign(caller.Id, null, "pulled from the queue", caller.Actor, store.Now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }
        return await store.OkAsync(http, fallout, ct);
    }

    /// <summary>
    /// The pick, with the queue's code as a literal, not a parameter. A prepared statement (Npgsql prepares every
    /// statement a connection runs twice) gets PostgreSQL's generic plan after five runs, planned without the queue's
    /// value: with the cases skewed across queues — a storm fills one, the others hold a few — that plan walked the
    /// all-queues <c>(sla_due_at, id)</c> index and filtered by queue, reading every case of the big queue to find
    /// none in a small one (146 ms against 0.2 ms with 160k cases in one queue). With the code in the text each queue
    /// has its own statement, planned for its own value, which reads one of the per-queue indexes.
    /// The code is one of the catalog's (checked before), and written by EF Core's literal for a string all the same.
    /// </summary>
    internal static string PickSql(FalloutDbContext db, string code) =>
        "SELECT * FROM fallout_cases WHERE queue = "
        + db.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(string))!.GenerateSqlLiteral(code)
        + " AND status = 'QUEUED' AND assigned_user IS NULL ORDER BY sla_due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";
}
