using System.Collections.Concurrent;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>Loads cases whole and runs commands on them: load, check access and version, call the aggregate, save.</summary>
public sealed class CaseStore(FalloutDbContext db, TimeProvider clock, ICaseSlaClocks slaClocks)
{
    public const int OccurrencesShown = 50;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// The whole case (corrections, evidence, tasks, resume tokens, external updates, reservations), tracked, or null.
    /// One query reads the case row and whether each child collection has rows (an <c>EXISTS</c> per collection on
    /// its <c>case_id</c> index); then one query per collection that has any. A split query would read all six
    /// collections, one round trip each, though most cases have few kinds of children (a new case none): the case
    /// read and every command pay one round trip per kind of child the case really has. As with the split query, the
    /// reads are separate statements: a command's save is guarded by the case's version, not by this read. The
    /// queries are compiled once (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, TResult}})"/>):
    /// EF Core then skips building and looking up the query on every call.
    /// </summary>
    public async Task<FalloutCase?> FindAsync(Guid id, CancellationToken ct) =>
        await LoadChildrenAsync(await CaseRowById(db, id, ct), ct);

    /// <summary>
    /// <see cref="FindAsync"/> with the case's row locked until the caller's transaction ends (<c>FOR NO KEY UPDATE</c>,
    /// the lock the case's own UPDATE and the audit chain's trigger take): a concurrent writer of the case waits, then
    /// reads what this one committed. Only inside a transaction of the caller.
    /// </summary>
    public async Task<FalloutCase?> FindLockedAsync(Guid id, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM fallout_cases WHERE id = {id} FOR NO KEY UPDATE", ct);
        return await FindAsync(id, ct);
    }

    /// <summary>
    /// The first case <paramref name="sql"/> selects (<c>SELECT *</c> of at most one case, e.g. a locking pick),
    /// loaded whole as <see cref="FindAsync"/> does, in the same round trip as the pick. The text is the constant of a
    /// compiled query made once per text: as an EF Core query over <c>FromSqlRaw</c>, the query was looked up and its
    /// SQL generated again on every call (a tenth of the service's CPU per pull-next). Callers pass texts from a small,
    /// closed set (pull-next: one per queue of the catalog), since each text keeps its compiled query.
    /// </summary>
    public async Task<FalloutCase?> FindWholeAsync(string sql, CancellationToken ct) =>
        await LoadChildrenAsync(await PickQueries.GetOrAdd(sql, CompilePick)(db, ct), ct);

    private static readonly ConcurrentDictionary<string, Func<FalloutDbContext, CancellationToken, Task<CaseRow?>>> PickQueries =
        new(StringComparer.Ordinal);

    private static Func<FalloutDbContext, CancellationToken, Task<CaseRow?>> CompilePick(string sql) =>
        EF.CompileAsyncQuery((FalloutDbContext db, CancellationToken ct) =>
            db.Set<FalloutCase>().FromSqlRaw(sql).Select(CaseRowOf).FirstOrDefault());

    /// <summary>A case and which of its child collections have rows.</summary>
    private sealed record CaseRow(FalloutCase Case, bool Corrections, bool Evidence, bool Tasks, bool ResumeTokens,
        bool ExternalUpdates, bool Reservations);

    private static readonly System.Linq.Expressions.Expression<Func<FalloutCase, CaseRow>> CaseRowOf = c => new CaseRow(c,
        c.Corrections.Any(), c.Evidence.Any(), c.Tasks.Any(), c.ResumeTokens.Any(), c.ExternalUpdates.Any(), c.Reservations.Any());

    private static readonly Func<FalloutDbContext, Guid, CancellationToken, Task<CaseRow?>> CaseRowById =
        EF.CompileAsyncQuery((FalloutDbContext db, Guid id, CancellationToken ct) =>
            db.Set<FalloutCase>().Where(c => c.Id == id).Select(CaseRowOf).FirstOrDefault());

    /// <summary>A compiled query that tracks the rows of one child collection of a case.</summary>
    private static Func<FalloutDbContext, Guid, CancellationToken, Task> ChildLoader<T>(
        System.Linq.Expressions.Expression<Func<FalloutDbContext, Guid, IQueryable<T>>> rows) where T : class
    {
        var compiled = EF.CompileAsyncQuery<FalloutDbContext, Guid, T>(rows);
        return (db, id, ct) => compiled(db, id).LoadAllAsync(ct);
    }

    private static readonly Func<FalloutDbContext, Guid, CancellationToken, Task> LoadCorrections =
        ChildLoader((db, id) => db.Set<CorrectionAction>().Where(x => x.CaseId == id));
    private static readonly Func<FalloutDbContext, Guid, CancellationToken, Task> LoadEvidence =
        ChildLoader((db, id) => db.Set<EvidenceItem>().Where(x => x.CaseId == id));
    private static readonly Func<FalloutDbContext, Guid, CancellationToken, Task> LoadTasks =
        ChildLoader((db, id) => db.Set<CaseTask>().Where(x => x.CaseId == id));
    private static readonly Func<FalloutDbContext, Guid, CancellationToken, Task> LoadResumeTokens =
        ChildLoader((db, id) => db.Set<ResumeToken>().Where(x => x.CaseId == id));
    private static readonly Func<FalloutDbContext, Guid, CancellationToken, Task> LoadExternalUpdates =
        ChildLoader((db, id) => db.Set<ExternalUpdate>().Where(x => x.CaseId == id));
    private static readonly Func<FalloutDbContext, Guid, CancellationToken, Task> LoadReservations =
        ChildLoader((db, id) => db.Set<ResourceReservation>().Where(x => x.CaseId == id));

    private static readonly Func<FalloutDbContext, Guid, int, IAsyncEnumerable<FalloutOccurrence>> LatestOccurrences =
        EF.CompileAsyncQuery((FalloutDbContext db, Guid id, int take) => db.Set<FalloutOccurrence>().AsNoTracking()
            .Where(o => o.CaseId == id).OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id).Take(take));

    /// <summary>Reads the child collections <paramref name="row"/> says have rows; fix-up puts them into the case.</summary>
    private async Task<FalloutCase?> LoadChildrenAsync(CaseRow? row, CancellationToken ct)
    {
        if (row is null)
        {
            return null;
        }
        (bool HasRows, Func<FalloutDbContext, Guid, CancellationToken, Task> Load)[] children =
        [
            (row.Corrections, LoadCorrections), (row.Evidence, LoadEvidence), (row.Tasks, LoadTasks),
            (row.ResumeTokens, LoadResumeTokens), (row.ExternalUpdates, LoadExternalUpdates), (row.Reservations, LoadReservations),
        ];
        foreach (var (hasRows, load) in children)
        {
            if (hasRows)
            {
                await load(db, row.Case.Id, ct);
            }
        }
        return row.Case;
    }

    /// <summary>The case as <paramref name="caller"/> may see it; 404 when absent or outside their queues.</summary>
    public async Task<FalloutCase> GetVisibleAsync(Guid id, Caller caller, CancellationToken ct)
    {
        var fallout = await FindAsync(id, ct) ?? throw DomainException.NotFound($"Fallout case {id} was not found.");
        CaseAccess.EnsureVisible(caller, fallout);
        return fallout;
    }

    public async Task<CaseResponse> ToResponseAsync(FalloutCase fallout, CancellationToken ct)
    {
        var occurrences = await LatestOccurrences(db, fallout.Id, OccurrencesShown).ToListAsync(ct);
        var now = Now;
        // After a command the save step has every clock of the case tracked: no need to read them again.
        var saved = slaClocks.SavedOf(fallout.Id, now);
        return CaseResponse.From(fallout, now, occurrences, slaClocks: saved.Count > 0 ? saved : await slaClocks.OfCaseAsync(fallout.Id, now, ct));
    }

    /// <summary>
    /// Runs one command: 404 if not visible, 428/412 for If-Match, 403 for role or ownership, then the aggregate's
    /// own checks (409 and friends), then one transaction with the audit and outbox rows. Returns the case.
    /// </summary>
    public async Task<IResult> RunAsync(HttpContext http, Guid id, CaseCommand command, Action<FalloutCase, Caller, DateTimeOffset> act)
    {
        var result = await RunAsync(http, id, command, (fallout, caller, now) =>
        {
            act(fallout, caller, now);
            return (object?)null;
        });
        return result.Response;
    }

    public async Task<(IResult Response, T Value)> RunAsync<T>(HttpContext http, Guid id, CaseCommand command,
        Func<FalloutCase, Caller, DateTimeOffset, T> act)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var fallout = await GetVisibleAsync(id, caller, ct);
        // A stale view is answered first (412: read again), then role and ownership (403), then the state (409).
        IfMatch.Check(IfMatch.Required(http), fallout.Version);
        CaseAccess.EnsureCanAct(caller, fallout, command);
        var value = act(fallout, caller, Now);
        await db.SaveChangesAsync(ct);
        return (await OkAsync(http, fallout, ct), value);
    }

    public async Task<IResult> OkAsync(HttpContext http, FalloutCase fallout, CancellationToken ct)
    {
        AnswerWith(http, fallout);
        return TypedResults.Ok(await ToResponseAsync(fallout, ct));
    }

    /// <summary>
    /// The headers and facts of an answer that is <paramref name="fallout"/>'s representation: its version as the ETag,
    /// and its facts for the masking step (<see cref="CaseFacts.SetAnswer"/>), which then need not parse the answer.
    /// </summary>
    public static void AnswerWith(HttpContext http, FalloutCase fallout)
    {
        IfMatch.SetETag(http, fallout.Version);
        CaseFacts.SetAnswer(http, new CaseFacts(fallout.Id, fallout.AssignedUser, fallout.SourceSystem, fallout.Queue));
    }
}
