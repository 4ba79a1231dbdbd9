using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>Reads what a context tracks without EF Core's scan of every tracked entity.</summary>
public static class Tracked
{
    /// <summary>
    /// The tracked (added, unchanged or modified) entities of type <typeparamref name="T"/> that match
    /// <paramref name="predicate"/>, as <c>DbSet.Local</c> gives them, but without the <c>DetectChanges</c> that
    /// <c>Local</c> runs over every tracked entity first. For readers after a save (nothing is pending then) or inside
    /// the save pipeline (which has scanned already): the entities' values are current either way; only their states
    /// could lag behind a change not yet scanned.
    /// </summary>
    public static List<T> WithoutScan<T>(DbContext db, Func<T, bool> predicate) where T : class
    {
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. db.Set<T>().Local.Where(predicate)];
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }
}
