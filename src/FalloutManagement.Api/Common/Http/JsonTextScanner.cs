using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// Reads a JSON body once, before any binding, and finds the first string (value or property name, at any depth,
/// JSON-typed fields included) that <see cref="TextSafety"/> refuses, or that is not valid UTF-8. Answers the field's
/// path as the validation errors name fields: <c>reason</c>, <c>payload.parameters.msisdn</c>, <c>attributes.tags[2]</c>.
/// </summary>
public static class JsonTextScanner
{
    /// <summary>The same nesting limit as the serializer's, so a body the scanner reads is one the binder can read.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>The first refused string as (path, message); null when every string is acceptable or the body is not JSON
    /// (the binder then refuses it with its own 400).</summary>
    public static (string Field, string Message)? FindProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        Advance(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Read(ref reader, out var nameProblem);
                        frames[^1].Name = Printable(name ?? "?");
                        if (nameProblem is not null)
                        {
                            return (PathOf(frames), nameProblem);
                        }
                        break;
                    case JsonTokenType.String:
                        Advance(frames);
                        if (Check(ref reader) is { } problem)
                        {
                            return (PathOf(frames), problem);
                        }
                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    private static string? Check(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            // Unescaped JSON text holds no NUL (control characters must be escaped) and no surrogate unless the
            // UTF-8 itself is broken.
            return Utf8.IsValid(reader.ValueSpan) ? null : TextSafety.Utf8Message;
        }
        Read(ref reader, out var problem);
        return problem;
    }

    private static string? Read(ref Utf8JsonReader reader, out string? problem)
    {
        if (!reader.ValueIsEscaped && !Utf8.IsValid(reader.ValueSpan))
        {
            problem = TextSafety.Utf8Message;
            return null;
        }
        try
        {
            var value = reader.GetString();
            problem = TextSafety.Problem(value);
            return value;
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to unescape \uD800 without its pair (and invalid UTF-8).
            problem = TextSafety.SurrogateMessage;
            return null;
        }
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is not null)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(frame.Name);
            }
        }
        return path.Length == 0 ? "$" : path.ToString();
    }

    /// <summary>A field name fit to be echoed in a problem: the refused characters become '?'.</summary>
    public static string Printable(string name)
    {
        if (TextSafety.Problem(name) is null)
        {
            return name;
        }
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '\0' || char.IsSurrogate(chars[i]))
            {
                chars[i] = '?';
            }
        }
        return new string(chars);
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Name { get; set; }
    }
}
