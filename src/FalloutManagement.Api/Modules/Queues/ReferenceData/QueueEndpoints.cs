using System.Globalization;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Queues.ReferenceData;

internal sealed record CalendarDto(string? TimeZone, bool AlwaysOpen, string? OpensAt, string? ClosesAt, IReadOnlyList<string>? WorkingDays,
    IReadOnlyList<string>? Holidays);

internal sealed record QueueRequest(string? Code, string? Name, string? Category, string? Skill, string? EscalationQueue,
    string? AssignmentStrategy, CalendarDto? Calendar);

internal sealed record QueueResponse(string Code, string Name, FalloutCategory? Category, string Skill, string? EscalationQueue,
    AssignmentStrategy AssignmentStrategy, CalendarDto Calendar, bool Active, long Version, DateTimeOffset UpdatedAt)
{
    public static QueueResponse From(FalloutQueue q) => new(q.Code, q.Name, q.Category, q.Skill, q.EscalationQueue, q.AssignmentStrategy,
        new CalendarDto(q.TimeZone, q.AlwaysOpen, q.OpensAt.ToString("HH:mm", CultureInfo.InvariantCulture),
            q.ClosesAt.ToString("HH:mm", CultureInfo.InvariantCulture),
            q.WorkingDays.Order().Select(d => d.ToString().ToUpperInvariant()).ToList(),
            q.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList()),
        q.Active, q.Version, q.UpdatedAt);
}

internal sealed class QueueRequestValidator : AbstractValidator<QueueRequest>
{
    public QueueRequestValidator()
    {
        RuleFor(r => r.Code).NotEmpty().MaximumLength(QueueCodes.MaxLength)
            .Must(code => code is null || QueueCodes.IsUpperSnakeCase(code)).WithMessage("code is UPPER_SNAKE_CASE.");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Skill).NotEmpty().MaximumLength(200);
        RuleFor(r => r.EscalationQueue).MaximumLength(QueueCodes.MaxLength);
        RuleFor(r => r.Category).IsEnumName(typeof(FalloutCategory), caseSensitive: true)
            .WithMessage($"category must be one of {string.Join(", ", Enum.GetNames<FalloutCategory>())}.");
        RuleFor(r => r.AssignmentStrategy).NotEmpty().IsEnumName(typeof(AssignmentStrategy), caseSensitive: true)
            .WithMessage($"assignmentStrategy must be one of {string.Join(", ", Enum.GetNames<AssignmentStrategy>())}.");
        RuleFor(r => r.Calendar).NotNull().SetValidator(new CalendarValidator()!);
    }
}

internal sealed class CalendarValidator : AbstractValidator<CalendarDto>
{
    public CalendarValidator()
    {
        RuleFor(c => c.TimeZone).NotEmpty().Must(z => z is null || WorkingCalendar.IsKnownTimeZone(z))
            .WithMessage("timeZone must be an IANA time zone id, e.g. Asia/Jakarta.");
        // Stored even for an always-open queue, so the format holds whenever a time is given.
        RuleFor(c => c.OpensAt).Must(t => t is null || BeTime(t)).WithMessage("opensAt is HH:mm.");
        RuleFor(c => c.ClosesAt).Must(t => t is null || BeTime(t)).WithMessage("closesAt is HH:mm.");
        When(c => !c.AlwaysOpen, () =>
        {
            RuleFor(c => c.OpensAt).NotEmpty().WithMessage("opensAt is HH:mm.");
            RuleFor(c => c.ClosesAt).NotEmpty().WithMessage("closesAt is HH:mm.");
            RuleFor(c => c).Must(c => !BeTime(c.OpensAt) || !BeTime(c.ClosesAt) || Time(c.OpensAt!) < Time(c.ClosesAt!))
                .WithName("closesAt").WithMessage("closesAt must be after opensAt.");
            RuleFor(c => c.WorkingDays).NotEmpty().WithMessage("workingDays needs at least one day.");
        });
        RuleForEach(c => c.WorkingDays).Must(d => Enum.TryParse<DayOfWeek>(d, ignoreCase: true, out _) && d.All(char.IsUpper))
            .WithMessage("workingDays are MONDAY .. SUNDAY.");
        RuleForEach(c => c.Holidays).Must(d => DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            .WithMessage("holidays are dates, yyyy-MM-dd.");
        RuleFor(c => c.Holidays).Must(h => h is null || h.Count <= 400).WithMessage("At most 400 holidays.");
    }

    internal static bool BeTime(string? value) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    internal static TimeOnly Time(string value) => TimeOnly.ParseExact(value, "HH:mm", CultureInfo.InvariantCulture);
}

/// <summary><c>/queues</c>: the work queues as data. Staff read them; only <c>fallout.admin</c> changes them, audited.</summary>
internal static class QueueEndpoints
{
    public static void MapQueues(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (FalloutDbContext db, int? limit, string? cursor, CancellationToken ct) =>
            {
                var take = Paging.Take(limit);
                var query = db.Set<FalloutQueue>().AsNoTracking();
                if (cursor is not null)
                {
                    var after = KeysetCursor.DecodeText(KeysetCursor.DecodeKey(cursor, 1)[0], QueueCodes.IsValid);
                    query = query.Where(q => string.Compare(q.Code, after) > 0);
                }
                var rows = await query.OrderBy(q => q.Code).Take(take + 1).ToListAsync(ct);
                return TypedResults.Ok(Paging.Of(rows, take, q => KeysetCursor.EncodeKey(q.Code), QueueResponse.From));
            })
            .RequireAuthorization(Policies.Staff).WithName("ListQueues")
            .WithSummary("List queues")
            .WithDescription("The work queues with their category, skill and assignment strategy; keyset pages.");

        group.MapGet("/{code}", async (string code, HttpContext http, FalloutDbContext db) =>
                ReferenceChange.Read(http, await FindAsync(db, code, http.RequestAborted), QueueResponse.From))
            .RequireAuthorization(Policies.Staff).WithName("GetQueue")
            .WithSummary("Get a queue")
            .WithDescription("One queue with its version as ETag.")
            .CaseRead();

        group.MapPost("/", async (QueueRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var ct = http.RequestAborted;
                if (await db.Set<FalloutQueue>().AnyAsync(q => q.Code == request.Code, ct))
                {
                    throw DomainException.Validation("code", $"A queue {request.Code} exists already; update or reactivate it.");
                }
                var queue = new FalloutQueue(request.Code!);
                await ApplyAsync(db, queue, request, ct);
                return await ReferenceChange.CreateAsync(http, db, queue, clock.GetUtcNow(), "QUEUE_CREATED", QueueResponse.From, $"/queues/{queue.Code}");
            })
            .RequireAuthorization(Policies.Admin).Validate<QueueRequest>().WithName("CreateQueue")
            .RequestExample("queue", "A queue worked on weekdays, assigned to the least loaded member", new
            {
                code = "ENTERPRISE_ACTIVATION_L3", name = "Enterprise activation level 3", category = "ACTIVATION",
                skill = "enterprise provisioning", escalationQueue = "FALLOUT_TRIAGE", assignmentStrategy = "LEAST_LOADED",
                calendar = new
                {
                    timeZone = "Asia/Jakarta", alwaysOpen = false, opensAt = "08:00", closesAt = "17:00",
                    workingDays = new[] { "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY" }, holidays = new[] { "2026-12-25" },
                },
            })
            .WithSummary("Create a queue")
            .WithDescription("Adds a queue (fallout.admin only, audited). Answers 201 with Location and the queue's ETag.");

        group.MapPut("/{code}", async (string code, QueueRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var queue = await FindAsync(db, code, http.RequestAborted);
                return await ReferenceChange.UpdateAsync(http, db, clock, queue, "QUEUE_UPDATED", QueueResponse.From, () =>
                    request.Code == code
                        ? ApplyAsync(db, queue, request, http.RequestAborted)
                        : throw DomainException.Validation("code", "A queue's code never changes."));
            })
            .RequireAuthorization(Policies.Admin).Validate<QueueRequest>().WithName("UpdateQueue")
            .WithSummary("Update a queue")
            .WithDescription("Replaces a queue's settings (fallout.admin only, audited). Requires If-Match with the queue's ETag.")
            .VersionedCommand();

        group.MapPost("/{code}/deactivate", async (string code, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
                await ReferenceChange.DeactivateAsync(http, db, clock, await FindAsync(db, code, http.RequestAborted), "QUEUE_DEACTIVATED",
                    QueueResponse.From, $"Queue {code} is already inactive.", refuse: () =>
                    {
                        if (code == FalloutCase.TriageQueue)
                        {
                            throw DomainException.InvalidTransition("FALLOUT_TRIAGE receives every case no rule classifies; it cannot be deactivated.");
                        }
                    }))
            .RequireAuthorization(Policies.Admin).WithName("DeactivateQueue")
            .WithSummary("Deactivate a queue")
            .WithDescription("No rule routes to the queue any more; its cases stay. Nothing is ever deleted. Requires If-Match with the queue's ETag.")
            .VersionedCommand();
    }

    internal static async Task<FalloutQueue> FindAsync(FalloutDbContext db, string code, CancellationToken ct) =>
        await db.Set<FalloutQueue>().FirstOrDefaultAsync(q => q.Code == code, ct)
        ?? throw DomainException.NotFound($"Queue {code} was not found.");

    private static async Task ApplyAsync(FalloutDbContext db, FalloutQueue queue, QueueRequest request, CancellationToken ct)
    {
        if (request.EscalationQueue is { } target)
        {
            if (target == queue.Code)
            {
                throw DomainException.Validation("escalationQueue", "A queue cannot escalate to itself.");
            }
            if (!await db.Set<FalloutQueue>().AnyAsync(q => q.Code == target, ct))
            {
                throw DomainException.Validation("escalationQueue", $"Queue {target} does not exist.");
            }
        }
        var calendar = request.Calendar!;
        queue.Name = request.Name!;
        queue.Category = request.Category is null ? null : Enum.Parse<FalloutCategory>(request.Category);
        queue.Skill = request.Skill!;
        queue.EscalationQueue = request.EscalationQueue;
        queue.AssignmentStrategy = Enum.Parse<AssignmentStrategy>(request.AssignmentStrategy!);
        queue.TimeZone = calendar.TimeZone!;
        queue.AlwaysOpen = calendar.AlwaysOpen;
        queue.OpensAt = calendar.OpensAt is null ? new TimeOnly(0, 0) : CalendarValidator.Time(calendar.OpensAt);
        queue.ClosesAt = calendar.ClosesAt is null ? new TimeOnly(23, 59) : CalendarValidator.Time(calendar.ClosesAt);
        queue.WorkingDays = (calendar.WorkingDays ?? []).Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).Distinct().ToList();
        queue.Holidays = (calendar.Holidays ?? []).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).Distinct().ToList();
    }
}
