using System.Text.Json;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.Executors;

/// <summary>
/// Chooses the executor of a proposed correction from the executors table: the type's default owning system
/// (<see cref="CorrectionCatalog.DefaultExecutor"/>), which must list the type. <c>MANUAL_PROVISIONING</c> has none.
/// </summary>
internal sealed class ExecutorDirectory(FalloutDbContext db)
{
    public async Task<CorrectionExecutor?> ChooseAsync(CorrectionType type, JsonElement payload, CancellationToken ct)
    {
        if (CorrectionCatalog.DefaultExecutor(type, payload) is not { } code)
        {
            return null;
        }
        var executor = await db.Set<Executor>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == code, ct);
        return executor is not null && executor.Executes(type)
            ? new CorrectionExecutor(executor.Code, executor.ResultDeadline)
            : throw new DomainException(StatusCodes.Status409Conflict, ProblemCodes.NoExecutor, "No executor",
                $"No executor named {code} executes {type}: see /executors.");
    }
}
