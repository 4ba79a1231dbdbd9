using System.Globalization;

namespace FalloutManagement.Benchmarks;

/// <summary>A wrong or missing command-line option; the message says which.</summary>
public sealed class BenchArgsException(string message) : Exception(message);

/// <summary>
/// <c>--name value</c> options (also <c>--name=value</c>). Every option a mode reads is remembered, so
/// <see cref="EnsureAllUsed"/> can refuse a misspelt one instead of silently ignoring it.
/// </summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public BenchArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                Help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new BenchArgsException($"Unexpected argument '{arg}'; options look like --name value.");
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                _values[arg[2..equals]] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                _values[arg[2..]] = args[++i];
            }
            else
            {
                throw new BenchArgsException($"Option '{arg}' needs a value.");
            }
        }
    }

    public bool Help { get; }

    public string? String(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var value) ? value : null;
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public int? Int(string name) => Parse(name, v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public double? Double(string name) => Parse(name, v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));

    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new BenchArgsException($"Unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}.");
        }
    }

    private T? Parse<T>(string name, Func<string, T> parse) where T : struct
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new BenchArgsException($"--{name}: '{text}' is not a number.");
        }
        catch (OverflowException)
        {
            throw new BenchArgsException($"--{name}: '{text}' is out of range.");
        }
    }
}
