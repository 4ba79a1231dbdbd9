using System.Text.RegularExpressions;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Evidence.AttachEvidence;

internal sealed record AttachEvidenceRequest(
    EvidenceType? EvidenceType,
    string? Source,
    string? StorageRef,
    string? Checksum,
    string? Content,
    string? MediaType,
    bool? CustomerVisible,
    bool? ProvesResolution,
    Guid? SupersedesEvidenceId);

internal sealed partial class AttachEvidenceRequestValidator : AbstractValidator<AttachEvidenceRequest>
{
    public AttachEvidenceRequestValidator()
    {
        RuleFor(r => r.EvidenceType).NotNull();
        RuleFor(r => r.Source).NotEmpty().MaximumLength(200);
        RuleFor(r => r.StorageRef).MaximumLength(1000);
        RuleFor(r => r.MediaType).MaximumLength(200).Must(m => m is null || EvidenceMediaTypes.IsValid(m)).WithMessage(EvidenceMediaTypes.Message);
        RuleFor(r => r.Checksum).Must(c => c is null || ChecksumFormat().IsMatch(c))
            .WithMessage("A checksum is <algorithm>:<hex>, e.g. sha256:9f86d0...");
        RuleFor(r => r.CustomerVisible).NotNull();
        RuleFor(r => r.ProvesResolution).NotNull();
        RuleFor(r => r).Must(r => r.StorageRef is not null || r.Content is not null)
            .OverridePropertyName("content").WithMessage("Evidence needs content or a storageRef to find it by.");
    }

    [GeneratedRegex("^[a-z0-9-]{1,20}:[0-9a-fA-F]{32,128}\\z")]
    private static partial Regex ChecksumFormat();
}

/// <summary>
/// <c>POST /fallout-cases/{id}/evidence</c>: appends evidence. Content, when given, is base64 (at most
/// <see cref="EvidenceContent.MaxContentBytes"/> decoded), stored in PostgreSQL, and its SHA-256 computed here: a given checksum
/// that disagrees is refused. Evidence is never changed or deleted (the database refuses it too); a wrong item is
/// corrected by a new one with <c>supersedesEvidenceId</c>.
/// </summary>
internal static class AttachEvidenceEndpoint
{
    public static void MapAttachEvidence(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/evidence", async (Guid id, AttachEvidenceRequest request, HttpContext http, CaseStore store, FalloutDbContext db,
                IOptions<EvidenceQuota> quota) =>
            {
                var content = EvidenceContent.Decode(request.Content);
                var checksum = content is null ? request.Checksum : EvidenceContent.Sha256(content);
                if (content is not null && request.Checksum is { } given && !string.Equals(given, checksum, StringComparison.OrdinalIgnoreCase))
                {
                    throw DomainException.Validation("checksum", $"The content's SHA-256 is {checksum}, not {given}.");
                }
                var (_, evidence) = await store.RunAsync(http, id, CaseCommand.ATTACH_EVIDENCE, (fallout, caller, now) =>
                {
                    quota.Value.Ensure(fallout, content?.LongLength ?? 0);
                    var item = fallout.AttachEvidence(request.EvidenceType!.Value, request.Source!, request.StorageRef, checksum,
                        content?.LongLength, request.CustomerVisible!.Value, request.ProvesResolution!.Value, request.SupersedesEvidenceId,
                        caller.Actor, now);
                    if (content is not null)
                    {
                        db.Set<EvidenceContent>().Add(new EvidenceContent(item.Id, content, request.MediaType));
                    }
                    return item;
                });
                return Results.Created($"/fallout-cases/{id}/evidence/{evidence.Id}", EvidenceDto.From(evidence));
            })
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<AttachEvidenceRequest>()
            .WithMetadata(new RequestSizeLimitAttribute(EvidenceContent.MaxBodyBytes))
            .WithName("AttachEvidence")
            .WithSummary("Attach evidence")
            .WithDescription("Appends evidence to the case (append-only: no update, no delete). `content` is base64; the service stores it and computes its SHA-256. Answers 201 with Location.")
            .CaseCommand()
            // The case's evidence quota (EvidenceQuota): one item too many is 409, content past the bytes 413.
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, ProblemCodes.EvidenceQuotaExceeded)
            .Refuses(StatusCodes.Status413PayloadTooLarge, ProblemCodes.ValidationFailed, ProblemCodes.EvidenceQuotaExceeded)
            .RequestExample("screenshot", "A screenshot of the HLR read-back, stored here", new
            {
                evidenceType = EvidenceType.SCREENSHOT, source = "activation-service", content = "dGVzdA==", mediaType = "text/plain",
                checksum = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", customerVisible = false,
                provesResolution = true,
            })
            .Produces<EvidenceDto>(StatusCodes.Status201Created);
}
