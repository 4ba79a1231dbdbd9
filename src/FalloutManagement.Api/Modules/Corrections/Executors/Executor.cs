using FalloutManagement.Api.Common;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Corrections.Executors;

/// <summary>
/// A system that executes corrections (seed section 20's owning systems): its code (the <c>executor</c> claim of its
/// tokens), the correction types it executes and how long it has to report a result. Reference data: admins change it,
/// every change audited.
/// </summary>
internal sealed class Executor : IReferenceData
{
    public const int CodeLength = ExecutorCodes.MaxLength;
    public const int NameLength = 200;

    private Executor() { }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public List<CorrectionType> CorrectionTypes { get; private set; } = [];
    public TimeSpan ResultDeadline { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public bool Executes(CorrectionType type) => CorrectionTypes.Contains(type);

    public static Executor Create(string code, string name, IEnumerable<CorrectionType> types, TimeSpan resultDeadline, string actor,
        DateTimeOffset now) =>
        new() { Code = code, Name = name, CorrectionTypes = [.. types.Distinct()], ResultDeadline = resultDeadline, Version = 1, UpdatedAt = now, UpdatedBy = actor };

    public void Update(string name, IEnumerable<CorrectionType> types, TimeSpan resultDeadline, string actor, DateTimeOffset now)
    {
        Name = name;
        CorrectionTypes = [.. types.Distinct()];
        ResultDeadline = resultDeadline;
        Version++;
        UpdatedAt = now;
        UpdatedBy = actor;
    }
}
