using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Cases.Participants;

internal sealed record ParticipantEvidenceRequest(EvidenceType? EvidenceType, string? StorageRef, string? Checksum, bool? CustomerVisible);

internal sealed record ExternalUpdateRequest(string? UpdateId, WaitingFor? WaitingFor, ExternalOutcome? Outcome, string? Detail,
    ParticipantEvidenceRequest? Evidence);

internal sealed class ExternalUpdateRequestValidator : AbstractValidator<ExternalUpdateRequest>
{
    public ExternalUpdateRequestValidator()
    {
        RuleFor(r => r.UpdateId).NotEmpty().MaximumLength(FalloutCaseConfiguration.ExternalIdLength).When(r => r.UpdateId is not null);
        RuleFor(r => r.WaitingFor).NotNull().NotEqual(Domain.WaitingFor.INCIDENT).WithMessage("waitingFor is CUSTOMER, PARTNER, FIELD or VENDOR.");
        RuleFor(r => r.Outcome).NotNull();
        RuleFor(r => r.Detail).NotEmpty().MaximumLength(4000);
        When(r => r.Evidence is not null, () =>
        {
            RuleFor(r => r.Evidence!.EvidenceType).NotNull().OverridePropertyName("evidence.evidenceType");
            RuleFor(r => r.Evidence!.StorageRef).NotEmpty().MaximumLength(1000).OverridePropertyName("evidence.storageRef");
            RuleFor(r => r.Evidence!.Checksum).MaximumLength(200).OverridePropertyName("evidence.checksum");
        });
    }
}

internal sealed record ExternalUpdateResponse(Guid Id, Guid CaseId, string Party, string? UpdateId, WaitingFor WaitingFor, ExternalOutcome Outcome,
    string Detail, Guid? EvidenceId, DateTimeOffset ReceivedAt)
{
    public static ExternalUpdateResponse From(ExternalUpdate u) =>
        new(u.Id, u.CaseId, u.Party, u.UpdateId, u.WaitingFor, u.Outcome, u.Detail, u.EvidenceId, u.ReceivedAt);
}

/// <summary>
/// <c>POST /fallout-cases/{id}/external-updates</c>: the partner, field organisation or executor the case waits on
/// (the wait's <c>party</c>) ends the wait with its outcome and, optionally, the evidence it captured; the case returns to
/// IN_PROGRESS and its SLA clocks resume. No If-Match: a participant cannot read cases, and the wait itself is the guard
/// (a second update finds the case no longer waiting: 404). An optional <c>updateId</c> makes the call idempotent per party: the
/// same id again answers the first update and changes nothing. A case not waiting on the caller's code is 404 to it.
/// Concurrent updates answer as they would one after the other (the locks are described in the handler).
/// </summary>
internal static class ExternalUpdateEndpoint
{
    private const int Attempts = 5;

    /// <summary>A lock on <paramref name="key"/> held until the transaction ends.</summary>
    private static Task LockAsync(FalloutDbContext db, string key, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);

    public static void MapExternalUpdates(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/external-updates", async (Guid id, ExternalUpdateRequest request, HttpContext http, CaseStore store,
                FalloutDbContext db, IOptions<ParticipationOptions> options) =>
            {
                var ct = http.RequestAborted;
                var caller = http.Caller();
                var party = caller.Party ?? throw DomainException.Forbidden("The token names no partner or executor code (claim partner or executor).");
                var evidence = request.Evidence is { } e
                    ? new ParticipantEvidence(e.EvidenceType!.Value, party, e.StorageRef!, e.Checksum, e.CustomerVisible ?? false)
                    : null;
                var role = caller.Partner is not null ? Roles.Partner : Roles.Executor;
                for (var attempt = 1; ; attempt++)
                {
                    // Concurrent updates take their locks in one order, each held to the commit, so each one decides on
                    // what the one before it committed and answers what it would answer after it: the party's update
                    // id (the same id again answers the first update), the service order item (failed appointments
                    // are counted exactly), then the case's row (an update that finds the wait ended is 404).
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    if (request.UpdateId is { } updateId)
                    {
                        await LockAsync(db, $"fallout-external-update:{party}:{updateId}", ct);
                        if (await db.Set<ExternalUpdate>().AsNoTracking().FirstOrDefaultAsync(u => u.Party == party && u.UpdateId == updateId, ct) is { } earlier)
                        {
                            return earlier.CaseId == id
                                ? Results.Ok(ExternalUpdateResponse.From(earlier))
                                : throw DomainException.InvalidTransition($"Update {updateId} of {party} was already given for another case.");
                        }
                    }
                    string? lockedItem = null;
                    if (request.Outcome!.Value.IsFailedAppointment())
                    {
                        lockedItem = await db.Set<FalloutCase>().Where(c => c.Id == id).Select(c => c.ServiceOrderItemId).FirstOrDefaultAsync(ct);
                        if (lockedItem is not null)
                        {
                            await LockAsync(db, $"fallout-order-item:{lockedItem}", ct);
                        }
                    }
                    // A participant cannot read cases: the case is loaded directly, and a case not waiting on it is absent to it.
                    var fallout = await store.FindLockedAsync(id, ct) ?? throw DomainException.NotFound($"Fallout case {id} was not found.");
                    if (fallout.WaitingParty != party)
                    {
                        throw DomainException.NotFound($"No case {id} is waiting on {party}.");
                    }
                    CaseAccess.EnsureCanAct(caller, fallout, CaseCommand.EXTERNAL_UPDATE);
                    if (request.Outcome.Value.IsFailedAppointment() && fallout.ServiceOrderItemId != lockedItem && attempt < Attempts)
                    {
                        // Relinked to another item between the two reads: lock that one instead.
                        db.ChangeTracker.Clear();
                        continue;
                    }
                    var failedBefore = request.Outcome.Value.IsFailedAppointment() && fallout.ServiceOrderItemId is { } item
                        ? await db.Set<ExternalUpdate>().CountAsync(u => u.ServiceOrderItemId == item && u.CaseId != id
                            && (u.Outcome == ExternalOutcome.NO_ACCESS || u.Outcome == ExternalOutcome.APPOINTMENT_FAILED), ct)
                        : 0;
                    var update = fallout.ReceiveExternalUpdate(party, role, request.UpdateId, request.WaitingFor!.Value, request.Outcome.Value,
                        request.Detail!, evidence, failedBefore, options.Value.FailedAppointmentLimit,
                        string.IsNullOrWhiteSpace(options.Value.CustomerCareQueue) ? null : options.Value.CustomerCareQueue, caller.Actor, store.Now);
                    try
                    {
                        await db.SaveChangesAsync(ct);
                        await transaction.CommitAsync(ct);
                        return Results.Ok(ExternalUpdateResponse.From(update));
                    }
                    catch (DbUpdateConcurrencyException) when (attempt < Attempts)
                    {
                        // Lost a race PostgreSQL broke (a deadlock with another writer of the case): read it again.
                        db.ChangeTracker.Clear();
                    }
                }
            })
            .RequireAuthorization(Policies.Participant)
            .Validate<ExternalUpdateRequest>()
            .WithName("PostExternalUpdate")
            .WithSummary("End a wait as the party it waits on")
            .WithDescription("A partner or field organisation (role fallout.partner, claim `partner`) or an executor (role fallout.executor, claim `executor`) reports on a case waiting on it: the wait's `party` must be the caller's code, else the case answers 404 as if absent. `waitingFor` (CUSTOMER, PARTNER, FIELD or VENDOR) must be what the case waits for (409 otherwise). The case returns to IN_PROGRESS, its SLA clocks resume, the optional `evidence` (a reference into the party's own store) is attached as captured by the caller, and FalloutCaseExternalUpdateReceived is written; every update is audited (EXTERNAL_UPDATE_RECEIVED). NO_ACCESS and APPOINTMENT_FAILED count as failed appointments of the service order item across its cases: at `Participation:FailedAppointmentLimit` the case gets a mandatory CUSTOMER_CARE_DECISION task. No If-Match: a participant cannot read cases, and the wait is the guard (a second update finds no wait on it: 404). An optional `updateId` makes the call idempotent per party: the same id again answers the first update and changes nothing; the same id for another case is 409.")
            .Refuses(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden)
            .Refuses(StatusCodes.Status404NotFound)
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition)
            .RequestExample("noAccess", "The field workforce found nobody at home", new
            {
                updateId = "fw-visit-8812", waitingFor = WaitingFor.FIELD, outcome = ExternalOutcome.NO_ACCESS,
                detail = "Customer not at home; card left at 10:40",
                evidence = new
                {
                    evidenceType = EvidenceType.FIELD_TECHNICIAN_REPORT, storageRef = "fw://visits/8812/report.pdf",
                    checksum = "sha256:9f2c0c1e7d3b4a5f6e7d8c9b0a1f2e3d4c5b6a7988776655443322110ffeeddc", customerVisible = false,
                },
            })
            .RequestExample("partnerCompleted", "The wholesale partner completed the port-in", new
            {
                waitingFor = WaitingFor.PARTNER, outcome = ExternalOutcome.COMPLETED, detail = "port-in completed, ref WP-22871",
            })
            .Produces<ExternalUpdateResponse>();
}
