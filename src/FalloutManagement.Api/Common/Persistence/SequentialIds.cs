namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// UUIDv7 ids that strictly rise within one unit of work even when several share a millisecond (a v7 id's tail
/// is random, so two made in the same millisecond sort by chance).
/// </summary>
public sealed class SequentialIds
{
    private Guid _last = Guid.Empty;

    public Guid Next(DateTimeOffset at)
    {
        var id = Guid.CreateVersion7(at);
        if (id.CompareTo(_last) <= 0)
        {
            id = Increment(_last);
        }
        _last = id;
        return id;
    }

    /// <summary>The next id after <paramref name="id"/>: its random tail plus one (the version and variant bits stay).</summary>
    private static Guid Increment(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        for (var i = bytes.Length - 1; i > 8; i--)
        {
            if (++bytes[i] != 0)
            {
                break;
            }
        }
        return new Guid(bytes, bigEndian: true);
    }
}
