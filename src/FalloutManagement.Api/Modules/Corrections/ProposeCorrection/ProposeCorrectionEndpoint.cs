using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Executors;
using FalloutManagement.Api.Modules.Corrections.Policy;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FalloutManagement.Api.Modules.Corrections.ProposeCorrection;

internal sealed record ProposeCorrectionRequest(CorrectionType? Type, JsonElement? Payload, string? Reason);

internal sealed class ProposeCorrectionRequestValidator : AbstractValidator<ProposeCorrectionRequest>
{
    public ProposeCorrectionRequestValidator()
    {
        RuleFor(r => r.Type).NotNull();
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.Payload).Custom((payload, context) =>
        {
            if (payload is not { } element || element.ValueKind == JsonValueKind.Null)
            {
                context.AddFailure("payload", "Required, a JSON object of the correction type's shape.");
                return;
            }
            if (context.InstanceToValidate.Type is not { } type)
            {
                return;
            }
            foreach (var (field, messages) in CorrectionPayloads.Validate(type, element))
            {
                foreach (var message in messages)
                {
                    context.AddFailure(field, message);
                }
            }
        });
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/correction-actions</c>: proposes a typed correction. The action policy decides whether
/// the type is allowed here, its risk and whether a checker must approve it; the client never does. With an
/// <c>Idempotency-Key</c> the same key on the same case answers with the same correction (200) and changes nothing.
/// </summary>
internal static class ProposeCorrectionEndpoint
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int IdempotencyKeyLength = 200;

    public static void MapProposeCorrection(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/correction-actions", async (Guid id, ProposeCorrectionRequest request, HttpContext http, CaseStore store,
                FalloutDbContext db, PolicyEvaluator evaluator, ExecutorDirectory executors, IOptions<CorrectionOptions> options) =>
            {
                var ct = http.RequestAborted;
                var key = IdempotencyKey(http);
                if (key is not null && await ReplayAsync(http, store, db, id, key) is { } replay)
                {
                    return replay;
                }
                var policies = await evaluator.ActivePoliciesAsync(ct);
                var retries = await RetryBudget.UsageAsync(db, options.Value, http.Caller(), store.Now, ct);
                var executor = await executors.ChooseAsync(request.Type!.Value, request.Payload!.Value, ct);
                try
                {
                    var (_, correction) = await store.RunAsync(http, id, CaseCommand.PROPOSE_CORRECTION, (fallout, caller, now) =>
                    {
                        CaseStateTable.Ensure(CaseCommand.PROPOSE_CORRECTION, new RuleContext(fallout, caller.Actor, now));
                        var type = request.Type!.Value;
                        var decision = ActionPolicyCorrectionPolicy.Decide(policies, fallout, caller, type, request.Payload!.Value, retries) with { Executor = executor };
                        return fallout.ProposeCorrection(type, request.Payload.Value.GetRawText(), request.Reason!, decision, key, caller.Actor, now);
                    });
                    return Results.Created($"/fallout-cases/{id}/correction-actions/{correction.Id}", CorrectionDto.From(correction));
                }
                catch (Exception e) when (key is not null && IsLostRace(e))
                {
                    // Another request with the same key won: answer with its correction.
                    db.ChangeTracker.Clear();
                    var replayed = await ReplayAsync(http, store, db, id, key);
                    if (replayed is null)
                    {
                        throw;
                    }
                    return replayed;
                }
            })
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ProposeCorrectionRequest>()
            .WithName("ProposeCorrection")
            .WithSummary("Propose a correction")
            .WithDescription("Proposes a typed correction (`type` selects the shape of `payload`, see CorrectionPayload). The action policy decides whether the type is allowed here, its risk level and whether a checker must approve it; the client never does. With an Idempotency-Key, the same key on the same case answers the first correction (200) and changes nothing. Retries are limited per case (429 RATE_LIMITED). Every type but MANUAL_PROVISIONING gets its executor from /executors (a DATA_CORRECTION's `payload.system` names the system holding the data, else `crm`); 409 NO_EXECUTOR when that executor does not exist or does not execute the type. When nothing more is needed (no approval, required evidence present) the correction is dispatched in the same transaction: FalloutCorrectionExecutionRequested, the only event with the payload (FalloutCorrectionProposed carries its digest).")
            .CaseCommand()
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, ProblemCodes.NoExecutor)
            .Refuses(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, ProblemCodes.PolicyDenied)
            .Refuses(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited)
            .AcceptsIdempotencyKey("Makes a retried proposal safe: the same key on the same case answers the first correction (200) and changes nothing. At most 200 characters.")
            .WithCorrectionExamples()
            .Produces<CorrectionDto>(StatusCodes.Status201Created)
            .Produces<CorrectionDto>();

    private static string? IdempotencyKey(HttpContext http)
    {
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }
        return key.Length > IdempotencyKeyLength || string.IsNullOrWhiteSpace(key)
            ? throw DomainException.Validation(IdempotencyKeyHeader, $"At most {IdempotencyKeyLength} characters, not blank.")
            : key;
    }

    /// <summary>The correction an earlier request with this key created, answered as 200 with the case's current ETag.</summary>
    private static async Task<IResult?> ReplayAsync(HttpContext http, CaseStore store, FalloutDbContext db, Guid id, string key)
    {
        var ct = http.RequestAborted;
        var existing = await db.Set<CorrectionAction>().AsNoTracking()
            .FirstOrDefaultAsync(c => c.CaseId == id && c.IdempotencyKey == key, ct);
        if (existing is null)
        {
            return null;
        }
        var fallout = await store.GetVisibleAsync(id, http.Caller(), ct);
        IfMatch.SetETag(http, fallout.Version);
        return TypedResults.Ok(CorrectionDto.From(existing));
    }

    private static bool IsLostRace(Exception e) =>
        e is DbUpdateConcurrencyException
        || (e is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } })
        || (e is DomainException { Code: ProblemCodes.VersionConflict });
}
