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

internal sealed record ClassificationRuleRequest(int? Priority, string? SourceSystem, string? CategoryHint, string? ReasonCode,
    string? FailedStepKey, string? Category, string? Severity, string? Queue, string? Description);

internal sealed record ClassificationRuleResponse(Guid Id, int Priority, string? SourceSystem, FalloutCategory? CategoryHint, string? ReasonCode,
    string? FailedStepKey, FalloutCategory Category, Severity Severity, string Queue, string? Description, bool Active, long Version,
    DateTimeOffset UpdatedAt)
{
    public static ClassificationRuleResponse From(ClassificationRule r) => new(r.Id, r.Priority, r.SourceSystem, r.CategoryHint, r.ReasonCode,
        r.FailedStepKey, r.Category, r.Severity, r.Queue, r.Description, r.Active, r.Version, r.UpdatedAt);
}

internal sealed class ClassificationRuleRequestValidator : AbstractValidator<ClassificationRuleRequest>
{
    public ClassificationRuleRequestValidator()
    {
        RuleFor(r => r.Priority).NotNull().InclusiveBetween(0, 100_000);
        RuleFor(r => r.SourceSystem).MaximumLength(100);
        RuleFor(r => r.ReasonCode).MaximumLength(100);
        RuleFor(r => r.FailedStepKey).MaximumLength(200);
        RuleFor(r => r.Description).MaximumLength(500);
        RuleFor(r => r.Queue).NotEmpty().MaximumLength(100);
        RuleFor(r => r.CategoryHint).IsEnumName(typeof(FalloutCategory), caseSensitive: true)
            .WithMessage($"categoryHint must be one of {string.Join(", ", Enum.GetNames<FalloutCategory>())}.");
        RuleFor(r => r.Category).NotEmpty().IsEnumName(typeof(FalloutCategory), caseSensitive: true)
            .WithMessage($"category must be one of {string.Join(", ", Enum.GetNames<FalloutCategory>())}.");
        RuleFor(r => r.Severity).NotEmpty().IsEnumName(typeof(Severity), caseSensitive: true)
            .WithMessage($"severity must be one of {string.Join(", ", Enum.GetNames<Severity>())}.");
        RuleFor(r => r).Must(r => r.SourceSystem is not null || r.CategoryHint is not null || r.ReasonCode is not null || r.FailedStepKey is not null)
            .WithName("reasonCode").WithMessage("A rule needs at least one condition (sourceSystem, categoryHint, reasonCode, failedStepKey).");
    }
}

/// <summary><c>/classification-rules</c>: how intake classifies a report. Staff read; <c>fallout.admin</c> changes, audited.</summary>
internal static class ClassificationRuleEndpoints
{
    public static void MapClassificationRules(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (FalloutDbContext db, int? limit, string? cursor, CancellationToken ct) =>
            {
                var take = Paging.Take(limit);
                var query = db.Set<ClassificationRule>().AsNoTracking();
                if (cursor is not null)
                {
                    var key = KeysetCursor.DecodeKey(cursor, 2);
                    var (priority, id) = (KeysetCursor.DecodeNumber(key[0]), KeysetCursor.DecodeId(key[1]));
                    query = query.Where(r => r.Priority > priority || (r.Priority == priority && r.Id.CompareTo(id) > 0));
                }
                var rows = await query.OrderBy(r => r.Priority).ThenBy(r => r.Id).Take(take + 1).ToListAsync(ct);
                return TypedResults.Ok(Paging.Of(rows, take, r => KeysetCursor.EncodeKey(KeysetCursor.Text(r.Priority), KeysetCursor.Text(r.Id)),
                    ClassificationRuleResponse.From));
            })
            .RequireAuthorization(Policies.Staff).WithName("ListClassificationRules")
            .WithSummary("List classification rules")
            .WithDescription("The rules that route reported fallout to a category, severity and queue, in priority order; keyset pages.");

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, FalloutDbContext db) =>
                ReferenceChange.Read(http, await FindAsync(db, id, http.RequestAborted), ClassificationRuleResponse.From))
            .RequireAuthorization(Policies.Staff).WithName("GetClassificationRule")
            .WithSummary("Get a classification rule")
            .WithDescription("One classification rule with its version as ETag.")
            .CaseRead();

        group.MapPost("/", async (ClassificationRuleRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var rule = new ClassificationRule { Id = Guid.CreateVersion7(now) };
                await ApplyAsync(db, rule, request, http.RequestAborted);
                return await ReferenceChange.CreateAsync(http, db, rule, now, "CLASSIFICATION_RULE_CREATED", ClassificationRuleResponse.From,
                    $"/classification-rules/{rule.Id}");
            })
            .RequireAuthorization(Policies.Admin).Validate<ClassificationRuleRequest>().WithName("CreateClassificationRule")
            .WithSummary("Create a classification rule")
            .WithDescription("Adds a routing rule (fallout.admin only, audited). Answers 201 with Location and the rule's ETag.");

        group.MapPut("/{id:guid}", async (Guid id, ClassificationRuleRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var rule = await FindAsync(db, id, http.RequestAborted);
                return await ReferenceChange.UpdateAsync(http, db, clock, rule, "CLASSIFICATION_RULE_UPDATED", ClassificationRuleResponse.From,
                    () => ApplyAsync(db, rule, request, http.RequestAborted));
            })
            .RequireAuthorization(Policies.Admin).Validate<ClassificationRuleRequest>().WithName("UpdateClassificationRule")
            .WithSummary("Update a classification rule")
            .WithDescription("Replaces a classification rule (fallout.admin only, audited). Requires If-Match with the rule's ETag.")
            .VersionedCommand();

        group.MapPost("/{id:guid}/deactivate", async (Guid id, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
                await ReferenceChange.DeactivateAsync(http, db, clock, await FindAsync(db, id, http.RequestAborted), "CLASSIFICATION_RULE_DEACTIVATED",
                    ClassificationRuleResponse.From, "The rule is already inactive."))
            .RequireAuthorization(Policies.Admin).WithName("DeactivateClassificationRule")
            .WithSummary("Deactivate a classification rule")
            .WithDescription("The rule stops routing new fallout; nothing is deleted. Requires If-Match with the rule's ETag.")
            .VersionedCommand();
    }

    private static async Task<ClassificationRule> FindAsync(FalloutDbContext db, Guid id, CancellationToken ct) =>
        await db.Set<ClassificationRule>().FirstOrDefaultAsync(r => r.Id == id, ct)
        ?? throw DomainException.NotFound($"Classification rule {id} was not found.");

    private static async Task ApplyAsync(FalloutDbContext db, ClassificationRule rule, ClassificationRuleRequest request, CancellationToken ct)
    {
        if (!await db.Set<FalloutQueue>().AnyAsync(q => q.Code == request.Queue && q.Active, ct))
        {
            throw DomainException.Validation("queue", $"Queue {request.Queue} does not exist or is inactive.");
        }
        rule.Priority = request.Priority!.Value;
        rule.SourceSystem = request.SourceSystem;
        rule.CategoryHint = request.CategoryHint is null ? null : Enum.Parse<FalloutCategory>(request.CategoryHint);
        rule.ReasonCode = request.ReasonCode;
        rule.FailedStepKey = request.FailedStepKey;
        rule.Category = Enum.Parse<FalloutCategory>(request.Category!);
        rule.Severity = Enum.Parse<Severity>(request.Severity!);
        rule.Queue = request.Queue!;
        rule.Description = request.Description;
    }
}
