using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FalloutManagement.Api.Modules.Audit;

/// <summary>
/// Seals the first entries of a chain that starts in this save — the audit of a case created by it — so the database
/// takes no lock and computes no hash for them, only looks up that each continues the chain (issue 14; what it saves
/// is measured in docs/benchmarks.md). The chain is empty, because the case itself is not visible to any other transaction
/// before this one commits; the entries get <c>chain_seq</c> 1..n, the genesis previous hash and their hashes here.
/// The hash is exactly the one <c>fallout_audit_hash</c> computes in the database (<c>db/sql/002_audit_chain.sql</c>):
/// SHA-256 of the UTF-8 text of <c>json_build_array(...)::text</c>, with jsonb snapshots printed as PostgreSQL prints
/// them (keys by length then bytes, <c>", "</c> and <c>": "</c> separators, its string escapes), so
/// <c>GET /fallout-cases/{id}/audit/verify</c>, which recomputes every hash in SQL, holds. Entries this class cannot
/// print with certainty (text outside ASCII, JSON numbers other than plain integers, duplicate keys, NUL) are left
/// for the trigger, all of the chain's entries together: the trigger then chains them as before.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of a chain's first entry (the trigger's <c>repeat('0', 64)</c>; /audit/verify checks it).</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// Seals <paramref name="entries"/>, in order, as entries 1..n of a new chain; false (nothing changed) when one of
    /// them cannot be printed canonically here, and the trigger chains them.
    /// </summary>
    public static bool TrySeal(IReadOnlyList<AuditEntry> entries)
    {
        var hashes = new string[entries.Count];
        var previous = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            if (Hash(entries[i], i + 1, previous) is not { } hash)
            {
                return false;
            }
            hashes[i] = previous = hash;
        }
        previous = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Seal(i + 1, previous, hashes[i], Microseconds(entries[i].OccurredAt));
            previous = hashes[i];
        }
        return true;
    }

    /// <summary>
    /// The hash <c>fallout_audit_hash</c> gives <paramref name="entry"/> at position <paramref name="seq"/> after
    /// <paramref name="previousHash"/>, or null when its canonical text cannot be printed here with certainty.
    /// </summary>
    public static string? Hash(AuditEntry entry, long seq, string previousHash)
    {
        var text = new StringBuilder(512);
        text.Append('[');
        var ok = Uuid(text, entry.Id)
            && Separator(text) && Uuid(text, entry.CaseId)
            && Separator(text) && Append(text, seq.ToString(CultureInfo.InvariantCulture))
            && Separator(text) && Uuid(text, entry.CorrectionActionId)
            && Separator(text) && Text(text, entry.Actor)
            && Separator(text) && Text(text, entry.Action)
            && Separator(text) && Text(text, entry.Reason)
            && Separator(text) && Jsonb(text, entry.BeforeJson)
            && Separator(text) && Jsonb(text, entry.AfterJson)
            && Separator(text) && Text(text, entry.CorrelationId)
            && Separator(text) && Text(text, Microseconds(entry.OccurredAt).UtcDateTime
                .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
            && Separator(text) && Text(text, previousHash);
        if (!ok)
        {
            return null;
        }
        text.Append(']');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The instant as PostgreSQL stores it: whole microseconds (Npgsql drops the rest).</summary>
    public static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private static bool Separator(StringBuilder text)
    {
        text.Append(", ");
        return true;
    }

    private static bool Append(StringBuilder text, string value)
    {
        text.Append(value);
        return true;
    }

    private static bool Uuid(StringBuilder text, Guid? id) =>
        id is { } value ? Append(text, $"\"{value:D}\"") : Append(text, "null");

    /// <summary>A text value as PostgreSQL's <c>escape_json</c> prints it; only ASCII without NUL is printed here.</summary>
    private static bool Text(StringBuilder text, string? value)
    {
        if (value is null)
        {
            return Append(text, "null");
        }
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\0' or > '\x7f': return false;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
        return true;
    }

    /// <summary>A jsonb value as PostgreSQL prints it (<c>jsonb_out</c>).</summary>
    private static bool Jsonb(StringBuilder text, string? json)
    {
        if (json is null)
        {
            return Append(text, "null");
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return Value(text, document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Value(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null: return Append(text, "null");
            case JsonValueKind.True: return Append(text, "true");
            case JsonValueKind.False: return Append(text, "false");
            case JsonValueKind.String: return Text(text, value.GetString());
            case JsonValueKind.Number:
                // numeric_out prints a plain integer as it came; "-0", fractions and exponents it may print otherwise.
                var raw = value.GetRawText();
                return IsPlainInteger(raw) && Append(text, raw);
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        text.Append(", ");
                    }
                    first = false;
                    if (!Value(text, item))
                    {
                        return false;
                    }
                }
                text.Append(']');
                return true;
            case JsonValueKind.Object:
                var properties = value.EnumerateObject().ToList();
                // jsonb orders keys by length, then bytewise (ASCII keys only here: bytes are chars), and keeps one of
                // duplicate keys: those are left to the trigger.
                properties.Sort((a, b) => a.Name.Length != b.Name.Length
                    ? a.Name.Length.CompareTo(b.Name.Length)
                    : string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        if (properties[i].Name == properties[i - 1].Name)
                        {
                            return false;
                        }
                        text.Append(", ");
                    }
                    if (!Text(text, properties[i].Name))
                    {
                        return false;
                    }
                    text.Append(": ");
                    if (!Value(text, properties[i].Value))
                    {
                        return false;
                    }
                }
                text.Append('}');
                return true;
            default:
                return false;
        }
    }

    private static bool IsPlainInteger(string raw)
    {
        var digits = raw.StartsWith('-') ? raw.AsSpan(1) : raw.AsSpan();
        return digits.Length is > 0 and <= 30 && !digits.ContainsAnyExceptInRange('0', '9')
            && (digits.Length == 1 ? !(raw.StartsWith('-') && digits[0] == '0') : digits[0] != '0');
    }
}
