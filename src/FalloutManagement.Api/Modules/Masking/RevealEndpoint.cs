using System.Text.Json;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Events;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Masking;

internal sealed record RevealRequest(IReadOnlyList<string>? Fields, string? Reason);

internal sealed class RevealRequestValidator : AbstractValidator<RevealRequest>
{
    public RevealRequestValidator()
    {
        RuleFor(r => r.Fields).NotEmpty().Must(f => f is null || f.Count <= 20).WithMessage("At most 20 fields.");
        RuleForEach(r => r.Fields).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }
}

/// <summary>One revealed value: where it is in the case (as <c>GET /fallout-cases/{id}</c> shows it), its class and value.</summary>
internal sealed record RevealedValue(string Path, string Class, JsonElement Value);

/// <summary>
/// Published with a reveal: who revealed which classes at which paths, why, and under which break-glass grant (null
/// when none). Never the values. The case does not change, so it is not recorded by the aggregate.
/// </summary>
internal sealed record FalloutCaseFieldsRevealed(string RevealedBy, IReadOnlyList<string> Classes, IReadOnlyList<string> Paths, string Reason,
    Guid? BreakGlassId) : CaseEvent(EventCatalog.FieldsRevealed);

internal sealed record RevealResponse(Guid CaseId, IReadOnlyList<string> Classes, string Reason, IReadOnlyList<RevealedValue> Revealed);

/// <summary>
/// <c>POST /fallout-cases/{id}/reveal {fields[], reason}</c>: the unmasked values of the asked classes (by class name,
/// e.g. <c>MSISDN</c>, or by a classified field name, e.g. <c>msisdn</c>) for a role the rules allow to reveal
/// (<c>Masking:RevealRoles</c>; <c>assignee</c> is the case's owner) or a break-glass holder whose scope covers the
/// case. Audited (<c>FIELDS_REVEALED</c>, which classes and paths, never the values) and published
/// (<c>FalloutCaseFieldsRevealed</c>) in one transaction; the case itself does not change.
/// </summary>
internal static class RevealEndpoint
{
    public static void MapReveal(this IEndpointRouteBuilder app) =>
        app.MapPost("/fallout-cases/{id:guid}/reveal", HandleAsync)
            .RequireAuthorization(Policies.CaseReader)
            .Validate<RevealRequest>()
            .WithMetadata(new UnmaskedResponse())
            .WithTags("Fallout cases")
            .WithName("RevealFields")
            .WithSummary("Reveal classified values of a case, with a reason; audited and published.")
            .WithDescription("`fields` names data classes (`MSISDN`) or classified field names (`msisdn`); the answer lists each unmasked value with its path in the case and its class. Allowed for the roles of `Masking:RevealRoles` (`assignee`: the case's owner) and for a break-glass holder whose scope covers the case; others 403. Audited (`FIELDS_REVEALED`: classes and paths, never values) and published (`FalloutCaseFieldsRevealed`) in one transaction. The case does not change, so no `If-Match`.")
            .Refuses(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden)
            .RequestExample("msisdn", "Reveal the MSISDN of the case", new { fields = new[] { "MSISDN" }, reason = "customer on the phone confirms the number" })
            .Produces<RevealResponse>();

    private static async Task<IResult> HandleAsync(Guid id, RevealRequest request, HttpContext http, CaseStore store, FalloutDbContext db,
        MaskingRules masking, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        var caller = http.Caller();
        var fallout = await store.GetVisibleAsync(id, caller, ct);
        var (rules, _) = await masking.CurrentAsync(ct);
        var classes = ClassesOf(rules, request.Fields!);
        var permitted = rules.RevealRoles.Any(caller.IsInRole)
            || (rules.RevealRoles.Contains(MaskingRuleSet.Assignee) && fallout.AssignedUser == caller.Id)
            || caller.Elevations.Any(e => e.Unmasks(fallout.Id, fallout.Queue));
        if (!permitted)
        {
            throw DomainException.Forbidden("Your role may not reveal classified values of this case.");
        }

        var document = JsonSerializer.SerializeToNode(await store.ToResponseAsync(fallout, ct), JsonDefaults.Options);
        var revealed = new List<RevealedValue>();
        Collect(rules, classes, document, "", null, revealed);
        if (classes.Contains(MaskingRuleSet.EvidenceContent))
        {
            var ids = fallout.Evidence.Select(e => e.Id).ToList();
            var contents = await db.Set<EvidenceContent>().AsNoTracking().Where(c => ids.Contains(c.EvidenceId)).ToListAsync(ct);
            revealed.AddRange(contents.OrderBy(c => c.EvidenceId).Select(c =>
                new RevealedValue($"evidence[{c.EvidenceId}].content", MaskingRuleSet.EvidenceContent, JsonSerializer.SerializeToElement(Convert.ToBase64String(c.Content)))));
        }

        var now = clock.GetUtcNow();
        var record = new { classes = classes.Order().ToList(), paths = revealed.Select(r => r.Path).ToList() };
        ReferenceAudit.Record(db, http, fallout.Id, "FIELDS_REVEALED", request.Reason, null, record, now, fallout.Queue,
            fallout.CorrelationId);
        var revealedEvent = new FalloutCaseFieldsRevealed(caller.Id, record.classes, record.paths, request.Reason!,
            caller.Actor.GrantFor(fallout.Id, fallout.Queue));
        db.Add(EventMapper.ToOutboxEvent(Guid.CreateVersion7(now), fallout, revealedEvent, now, fallout.Status));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RevealResponse(fallout.Id, record.classes, request.Reason!, revealed));
    }

    private static HashSet<string> ClassesOf(MaskingRuleSet rules, IReadOnlyList<string> fields)
    {
        var classes = new HashSet<string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (rules.Classes.ContainsKey(field) || field == MaskingRuleSet.EvidenceContent)
            {
                classes.Add(field);
            }
            else if (rules.ByName.TryGetValue(field, out var cls))
            {
                classes.Add(cls);
            }
            else
            {
                errors[$"fields[{i}]"] = [$"'{field}' is neither a data class ({string.Join(", ", rules.AllClasses)}) nor a classified field."];
            }
        }
        return errors.Count > 0 ? throw new ValidationProblemException(errors) : classes;
    }

    private static void Collect(MaskingRuleSet rules, HashSet<string> classes, JsonNode? node, string path, string? parent, List<RevealedValue> into)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(rules, classes, array[i], $"{path}[{i}]", parent, into);
                }
                break;
            case JsonObject obj:
                var fieldClass = obj["field"] is JsonValue f && f.TryGetValue<string>(out var field) && rules.ByFieldName.TryGetValue(field, out var fc) ? fc : null;
                foreach (var (name, value) in obj)
                {
                    var at = path.Length == 0 ? name : $"{path}.{name}";
                    var cls = name is "before" or "after" && fieldClass is not null ? fieldClass
                        : rules.ByName.TryGetValue(name, out var c) ? c
                        : parent is not null && rules.ByName.TryGetValue($"{parent}.{name}", out c) ? c : null;
                    if (cls is not null && classes.Contains(cls))
                    {
                        into.Add(new RevealedValue(at, cls, JsonSerializer.SerializeToElement(value, JsonDefaults.Options)));
                    }
                    else if (cls is null)
                    {
                        Collect(rules, classes, value, at, name, into);
                    }
                }
                break;
        }
    }
}
