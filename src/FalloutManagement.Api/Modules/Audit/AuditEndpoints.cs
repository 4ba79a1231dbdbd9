using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FalloutManagement.Api.Modules.Audit;

/// <summary>One audit entry as auditors read it, with its place in the case's hash chain.</summary>
public sealed record AuditEntryResponse(Guid Id, Guid? CaseId, string Actor, string Action, Guid? CorrectionActionId, string? Reason,
    JsonElement? Before, JsonElement? After, string? CorrelationId, DateTimeOffset OccurredAt, long ChainSeq, string? PreviousHash, string? Hash,
    Guid? BreakGlassId)
{
    public static AuditEntryResponse From(AuditEntry e) => new(e.Id, e.CaseId, e.Actor, e.Action, e.CorrectionActionId, e.Reason,
        ParseJson(e.BeforeJson), ParseJson(e.AfterJson), e.CorrelationId, e.OccurredAt, e.ChainSeq, e.PreviousHash, e.Hash, e.BreakGlassId);

    internal static JsonElement? ParseJson(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}


internal sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor);

/// <summary>
/// The result of re-checking a case's chain in the database: <c>brokenAt</c> is the chain position of the first
/// entry whose stored hash is not the hash of its content, or whose link does not name the entry before it.
/// </summary>
internal sealed record AuditVerification(bool Valid, long? BrokenAt, Guid? BrokenEntryId, string? Problem, int Entries, string? LastHash);

/// <summary>
/// <c>GET /fallout-cases/{id}/audit</c> and <c>/audit/verify</c> (auditors, supervisors) and <c>GET /audit</c>
/// (auditors): the append-only, hash-chained audit trail (docs/audit.md).
/// </summary>
internal static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static void MapAuditModule(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/fallout-cases").WithTag("Audit", "The tamper-evident audit trail: per case (hash chain), across cases, and the case timeline.");
        cases.MapGet("/{id:guid}/audit", CaseAuditAsync).RequireAuthorization(Policies.AuditReader)
            .WithName("GetCaseAudit")
            .WithSummary("Get a case's audit trail")
            .WithDescription("The case's audit entries in hash-chain order.").Produces<Page<AuditEntryResponse>>();
        cases.MapGet("/{id:guid}/audit/verify", VerifyAsync).RequireAuthorization(Policies.AuditReader)
            .WithName("VerifyCaseAudit")
            .WithSummary("Verify a case's audit chain")
            .WithDescription("Recomputes every hash of the case's audit chain in the database and reports whether the chain is intact.").Produces<AuditVerification>();
        app.MapGet("/audit", SearchAsync).WithTags("Audit").RequireAuthorization(policy => policy.RequireRole(Roles.Auditor))
            .WithName("SearchAudit")
            .WithSummary("Search the audit trail")
            .WithDescription("Audit entries across cases by actor, action and time, oldest first, in keyset pages (fallout.auditor only).").Produces<AuditPage>();
    }

    private static async Task EnsureCaseExistsAsync(FalloutDbContext db, Guid id, CancellationToken ct)
    {
        if (!await db.Set<FalloutCase>().AnyAsync(c => c.Id == id, ct))
        {
            throw DomainException.NotFound($"Fallout case {id} was not found.");
        }
    }

    private static async Task<IResult> CaseAuditAsync(Guid id, HttpContext http, FalloutDbContext db, int? limit, string? cursor)
    {
        var take = Paging.Take(limit);
        await EnsureCaseExistsAsync(db, id, http.RequestAborted);
        var query = db.Set<AuditEntry>().AsNoTracking().Where(e => e.CaseId == id);
        if (cursor is not null)
        {
            var after = KeysetCursor.DecodeNumber(KeysetCursor.DecodeKey(cursor, 1)[0]);
            query = query.Where(e => e.ChainSeq > after);
        }
        var rows = await query.OrderBy(e => e.ChainSeq).Take(take + 1).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(Paging.Of(rows, take, e => KeysetCursor.EncodeKey(KeysetCursor.Text(e.ChainSeq)), AuditEntryResponse.From));
    }

    private sealed record ChainLink(Guid Id, long ChainSeq, long Expected, string? PreviousHash, string? Hash, string Recomputed, string? PriorHash);

    private static async Task<IResult> VerifyAsync(Guid id, HttpContext http, FalloutDbContext db)
    {
        var ct = http.RequestAborted;
        await EnsureCaseExistsAsync(db, id, ct);
        // The database recomputes each hash with the same function the insert trigger used, and reads each link.
        var links = await db.RunOnConnectionAsync(async connection =>
        {
            var read = new List<ChainLink>();
            await using var command = new NpgsqlCommand("""
                SELECT a.id, a.chain_seq, row_number() OVER (ORDER BY a.chain_seq), a.previous_hash, a.hash, fallout_audit_hash(a),
                       lag(a.hash) OVER (ORDER BY a.chain_seq)
                  FROM audit_entries a
                 WHERE a.case_id = @case_id
                 ORDER BY a.chain_seq
                """, connection);
            command.Parameters.AddWithValue("case_id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read.Add(new ChainLink(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), Text(reader, 3), Text(reader, 4),
                    reader.GetString(5), Text(reader, 6)));
            }
            return read;
        }, ct);
        foreach (var link in links)
        {
            var problem = link.ChainSeq != link.Expected ? $"entry {link.Expected} of the chain is missing"
                : link.Hash != link.Recomputed ? "the entry's content does not match its hash"
                : link.PreviousHash != (link.PriorHash ?? AuditChain.Genesis) ? "the entry does not link to the hash of the entry before it"
                : null;
            if (problem is not null)
            {
                return TypedResults.Ok(new AuditVerification(false, link.ChainSeq, link.Id, problem, links.Count, links[^1].Hash));
            }
        }
        return TypedResults.Ok(new AuditVerification(true, null, null, null, links.Count, links.Count == 0 ? null : links[^1].Hash));
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task<IResult> SearchAsync(HttpContext http, FalloutDbContext db, string? actor, string? action,
        DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            throw DomainException.Validation("limit", $"limit must be between 1 and {MaxLimit}.");
        }
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (actor is not null)
        {
            query = query.Where(e => e.Actor == actor);
        }
        if (action is not null)
        {
            query = query.Where(e => e.Action == action);
        }
        if (from is { } start)
        {
            var utc = start.ToUniversalTime();
            query = query.Where(e => e.OccurredAt >= utc);
        }
        if (to is { } end)
        {
            var utc = end.ToUniversalTime();
            query = query.Where(e => e.OccurredAt < utc);
        }
        if (cursor is not null)
        {
            var (at, after) = KeysetCursor.Decode(cursor);
            query = query.Where(e => e.OccurredAt > at || (e.OccurredAt == at && e.Id.CompareTo(after) > 0));
        }
        var rows = await query.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Take(take + 1).ToListAsync(http.RequestAborted);
        var next = rows.Count > take ? KeysetCursor.Encode(rows[take - 1].OccurredAt, rows[take - 1].Id) : null;
        return TypedResults.Ok(new AuditPage([.. rows.Take(take).Select(AuditEntryResponse.From)], next));
    }

}
