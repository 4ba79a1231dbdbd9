using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.PolicyChanges;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>
/// <c>GET /masking-rules</c> (admins, auditors; ETag is the rules' version, 0 while configuration holds) and
/// <c>PUT /masking-rules</c> (admins, If-Match): a proposal (202) that a second admin approves through
/// <c>/policy-changes/{id}/approve</c>; then the rules are data and replace the configuration's.
/// </summary>
internal static class MaskingRulesEndpoints
{
    public const string Kind = "masking-rules";
    public const string Target = "masking-rules";

    public static void MapMaskingRules(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/masking-rules").WithTag("Masking",
            "Data classes, the names and payload paths classified in each, and which roles see each class unmasked.");

        group.MapGet("/", async (HttpContext http, MaskingRules masking) =>
            {
                var (rules, version) = await masking.CurrentAsync(http.RequestAborted);
                IfMatch.SetETag(http, version);
                return TypedResults.Ok(MaskingRulesDocument.From(rules));
            })
            .RequireAuthorization(Policies.PolicyChangeReader)
            .WithName("GetMaskingRules")
            .WithSummary("The masking rules in force: data classes, classified names, unmasked classes per role, reveal roles.")
            .WithDescription("For admins and auditors. The `ETag` is the rules' version: 0 while the configuration's rules (`Masking:*`) hold, then the version of the last approved change. Use it as `If-Match` to propose new rules.")
            .CaseRead()
            .Produces<MaskingRulesDocument>();

        group.MapPut("/", async (MaskingRulesDocument request, HttpContext http, MaskingRules masking, FalloutDbContext db, TimeProvider clock) =>
            {
                var (rules, version) = await masking.CurrentAsync(http.RequestAborted);
                var expected = IfMatch.Required(http);
                if (expected != version)
                {
                    throw DomainException.VersionConflict($"The masking rules are at version {version}, not {expected}. Read them again.");
                }
                EnsureValid(request);
                return await PolicyChangeProposals.ProposeAsync(db, http, new PolicyChangeDraft(Kind, Target, PolicyChangeProposals.Update,
                    MaskingRulesDocument.From(rules), request with { Reason = null }, request, version, request.Reason), clock.GetUtcNow());
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("ProposeMaskingRules")
            .WithSummary("Propose new masking rules (202: a policy change for a second admin to approve).")
            .WithDescription("The whole rule set (as `GET /masking-rules` returns it) with a `reason`, and `If-Match` with the rules' version. Checked now (every policy and name points at a known class, each name in one class: 400 otherwise) and again when approved; takes effect when another admin approves it (`POST /policy-changes/{id}/approve`), replacing the configuration's rules.")
            .VersionedCommand()
            .Produces<PolicyChangeResponse>(StatusCodes.Status202Accepted);
    }

    internal static void EnsureValid(MaskingRulesDocument document)
    {
        var missing = MissingValues(document).ToDictionary(field => field, _ => new[] { "A value is required here, not null." });
        if (missing.Count > 0)
        {
            throw new ValidationProblemException(missing);
        }
        var problems = document.ToRules().Problems().GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        if (document.Reason is { Length: > 2000 })
        {
            problems["reason"] = ["At most 2000 characters."];
        }
        if (problems.Count > 0)
        {
            throw new ValidationProblemException(problems);
        }
    }

    /// <summary>Every null where the rules need a value: a class, its names, a role's classes and each element of a list.</summary>
    private static IEnumerable<string> MissingValues(MaskingRulesDocument document)
    {
        foreach (var (name, @class) in document.Classes ?? [])
        {
            if (@class?.Names is not { } names)
            {
                yield return @class is null ? $"classes.{name}" : $"classes.{name}.names";
                continue;
            }
            foreach (var i in Enumerable.Range(0, names.Length).Where(i => names[i] is null))
            {
                yield return $"classes.{name}.names[{i}]";
            }
        }
        foreach (var (viewer, classes) in document.Policies ?? [])
        {
            if (classes is null)
            {
                yield return $"policies.{viewer}";
                continue;
            }
            foreach (var i in Enumerable.Range(0, classes.Length).Where(i => classes[i] is null))
            {
                yield return $"policies.{viewer}[{i}]";
            }
        }
        var revealRoles = document.RevealRoles ?? [];
        foreach (var i in Enumerable.Range(0, revealRoles.Length).Where(i => revealRoles[i] is null))
        {
            yield return $"revealRoles[{i}]";
        }
    }
}

/// <summary>Applies approved masking rules: they become the one row of <c>masking_rules</c>.</summary>
internal sealed class MaskingRuleChanges(MaskingRules masking) : IPolicyChangeKind
{
    public string Kind => MaskingRulesEndpoints.Kind;

    public async Task<object> ApplyAsync(ApprovedPolicyChange change, FalloutDbContext db, HttpContext http, DateTimeOffset now, CancellationToken ct)
    {
        var (current, version) = await masking.CurrentAsync(ct);
        if (version != change.BaseVersion)
        {
            throw DomainException.InvalidTransition($"The masking rules changed since this proposal (version {version}); propose again.");
        }
        var document = PolicyChangeProposals.Request<MaskingRulesDocument>(change) with { Reason = null };
        MaskingRulesEndpoints.EnsureValid(document);
        var json = JsonSerializer.Serialize(document, JsonDefaults.Options);
        var row = await db.Set<MaskingRulesRow>().FirstOrDefaultAsync(r => r.Id == MaskingRulesRow.TheRow, ct);
        if (row is null)
        {
            db.Add(new MaskingRulesRow(json, change.ProposedBy, now));
        }
        else
        {
            row.Replace(json, change.ProposedBy, now);
        }
        ReferenceAudit.Record(db, http, "MASKING_RULES_UPDATED", change.Reason, MaskingRulesDocument.From(current), document, now);
        return document;
    }
}
