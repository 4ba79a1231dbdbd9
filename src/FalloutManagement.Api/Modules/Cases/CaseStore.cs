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

    /// <summary>The case with corrections, evidence, tasks and tokens, or null.</summary>
    public Task<FalloutCase?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<FalloutCase>().Include(c => c.Corrections).Include(c => c.Evidence).Include(c => c.Tasks).Include(c => c.ResumeTokens)
            .Include(c => c.ExternalUpdates).Include(c => c.Reservations).AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>The case as <paramref name="caller"/> may see it; 404 when absent or outside their queues.</summary>
    public async Task<FalloutCase> GetVisibleAsync(Guid id, Caller caller, CancellationToken ct)
    {
        var fallout = await FindAsync(id, ct) ?? throw DomainException.NotFound($"Fallout case {id} was not found.");
        CaseAccess.EnsureVisible(caller, fallout);
        return fallout;
    }

    public async Task<CaseResponse> ToResponseAsync(FalloutCase fallout, CancellationToken ct)
    {
        var occurrences = await db.Set<FalloutOccurrence>().AsNoTracking().Where(o => o.CaseId == fallout.Id)
            .OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.Id).Take(OccurrencesShown).ToListAsync(ct);
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
        IfMatch.SetETag(http, fallout.Version);
        return TypedResults.Ok(await ToResponseAsync(fallout, ct));
    }
}
