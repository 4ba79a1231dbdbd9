using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FalloutManagement.IntegrationTests.Protection;

/// <summary>
/// Makes request bodies from the API description's schemas: a plausible body first (known field names get values
/// that pass validation, so many requests reach the handlers), then one hostile change. Bodies are raw bytes, because
/// some changes (a lone surrogate escape, broken UTF-8) are what no JSON writer produces.
/// </summary>
public sealed class FuzzBodies(JsonObject document, Random random, Func<string, string?> pool)
{
    private const string Marker = "@@FUZZ@@";
    private static readonly string[] EnumNumbers = ["-1", "0", "2", "7", "999", "2147483648", "\"7\""];
    private static readonly string[] HugeNumbers = ["1e400", "1e300", "-1e300", "99999999999999999999999", "9223372036854775807",
        "-9223372036854775808", "0.0000000000000000000000000000001", "-0"];
    private static readonly string[] OddDates = ["\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
        "\"+275760-09-13T00:00:00Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-14:00\""];
    private static readonly string[] OddTypes = ["123", "true", "[]", "{}", "null", "\"text\"", "1.5", "[[]]", "{\"a\":{}}"];
    private static readonly string[] Structures = ["null", "[]", "\"x\"", "{", "", "{}{}", "123", "{\"a\":}", "[{}]", "{\"a\" \"b\"}"];
    private static readonly string[] OddText = ["\\u0000", "a\\u0000", "\\ud800", "\\udfff", "x\\udbff", "\\udc00\\ud800",
        "\u202eabc", "\u200b", "\uffff", "e\u0301", "😀", "\\u001f", "%00", "'; DROP TABLE fallout_cases; --", "../../etc/passwd",
        "${jndi:ldap://x}", "<script>alert(1)</script>", "\\\\", "\\\""];

    public static readonly string[] Kinds = ["valid", "nul", "surrogate", "enum-number", "enum-name", "wrong-type", "huge-number",
        "huge-string", "odd-date", "deep", "structure", "bad-key", "missing", "odd-text", "json-field", "bad-utf8", "trailing-newline"];

    /// <summary>A body for the operation's request schema (null schema: no body expected, one is sent anyway at times).</summary>
    public (string Kind, byte[] Body) Next(JsonObject? schema)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var body = schema is null ? new JsonObject() : Generate(schema, null, 0) as JsonObject ?? new JsonObject();
        var text = Mutate(kind, body);
        if (kind == "bad-utf8")
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var at = random.Next(bytes.Length + 1);
            byte[] broken = random.Next(3) switch { 0 => [0xFF], 1 => [0xED, 0xA0, 0x80], _ => [0xC3] };
            return (kind, [.. bytes[..at], .. broken, .. bytes[at..]]);
        }
        return (kind, Encoding.UTF8.GetBytes(text));
    }

    private string Mutate(string kind, JsonObject body)
    {
        var leaves = Leaves(body);
        string Raw(Func<string> value)
        {
            if (leaves.Count == 0)
            {
                body["x"] = Marker;
            }
            else
            {
                Set(leaves[random.Next(leaves.Count)], Marker);
            }
            return body.ToJsonString().Replace($"\"{Marker}\"", value(), StringComparison.Ordinal);
        }
        var strings = leaves.Where(l => Get(l) is JsonValue v && v.TryGetValue<string>(out _)).ToList();
        string InString(string escaped, bool atEnd = false)
        {
            if (strings.Count == 0)
            {
                return Raw(() => $"\"{escaped}\"");
            }
            var leaf = strings[random.Next(strings.Count)];
            var current = (string)Get(leaf)!;
            var at = atEnd ? current.Length : random.Next(current.Length + 1);
            Set(leaf, current[..at] + Marker + current[at..]);
            return body.ToJsonString().Replace(Marker, escaped, StringComparison.Ordinal);
        }
        return kind switch
        {
            "nul" => InString(random.Next(2) == 0 ? "\\u0000" : "\\u0000\\u0000x"),
            "surrogate" => InString(Pick("\\ud800", "\\udfff", "\\udbff\\u0041", "\\udc00\\ud800")),
            "enum-number" => Raw(() => Pick(EnumNumbers)),
            "enum-name" => Raw(() => Pick("\"retry\"", "\"APPROVE, REJECT\"", "\"NOPE\"", "\" HIGH\"", "\"\"")),
            "wrong-type" => Raw(() => Pick(OddTypes)),
            "huge-number" => Raw(() => Pick(HugeNumbers)),
            "huge-string" => Raw(() => $"\"{new string('x', Pick(101, 201, 2001, 5000, 70_000))}\""),
            "odd-date" => Raw(() => Pick(OddDates)),
            "deep" => Raw(() => Deep(Pick(20, 63, 70, 200))),
            "structure" => Pick(Structures),
            "bad-key" => body.ToJsonString()[..^1] + (body.Count > 0 ? "," : "") + $"\"{Pick("k\\u0000", "\\ud800", "a\\udc00b")}\":1}}",
            "missing" => Without(body, leaves),
            "odd-text" => InString(Pick(OddText)),
            // A final newline: .NET's `$` matches before it, so a pattern ending in `$` let a code through with it.
            "trailing-newline" => InString(Pick("\\n", "\\r\\n", "\\n\\n"), atEnd: true),
            "json-field" => Raw(() => JsonField()),
            _ => body.ToJsonString(),
        };
    }

    private string Without(JsonObject body, List<(JsonNode Parent, object Key)> leaves)
    {
        if (leaves.Count > 0)
        {
            var (parent, key) = leaves[random.Next(leaves.Count)];
            if (parent is JsonObject o)
            {
                o.Remove((string)key);
            }
        }
        return body.ToJsonString();
    }

    /// <summary>What a JSON-typed field (payload, attributes, result, parameters) might hold: nesting, odd text, numbers.</summary>
    private string JsonField() => Pick(
        "{\"a\":{\"b\":[\"c\\u0000\"]}}", "{\"x\":\"\\ud800\"}", "{\"amount\":1e300,\"currency\":\"IDR\",\"kind\":\"REFUND\"}",
        "{\"step\":null,\"notBefore\":\"9999-12-31T23:59:59Z\"}", "[1,2,3]", "\"just text\"", "{\"field\":{\"a\":1},\"before\":[],\"after\":{}}",
        Deep(60), "{\"parameters\":{\"msisdn\":\"628123\",\"nested\":{\"deep\":[1,{\"x\":\"y\"}]}}}", "{\"\\u0000\":1}",
        "{\"kind\":7,\"scope\":-1,\"change\":\"downgrade_plan\"}");

    private static string Deep(int depth) => new string('[', depth) + "1" + new string(']', depth);

    private JsonNode? Generate(JsonObject schema, string? name, int depth)
    {
        if (schema["$ref"] is JsonValue reference)
        {
            var id = ((string)reference!).Split('/')[^1];
            return Generate(document["components"]!["schemas"]![id]!.AsObject(), name, depth);
        }
        if (schema["enum"] is JsonArray values)
        {
            return JsonValue.Create((string?)values[random.Next(values.Count)]);
        }
        var type = (string?)schema["type"];
        if (type is null && schema["properties"] is null)
        {
            return JsonTyped(name);
        }
        switch (type)
        {
            case "string":
                return JsonValue.Create(StringFor(name, (string?)schema["format"]));
            case "integer":
                return JsonValue.Create(IntegerFor(name));
            case "number":
                return JsonValue.Create(name == "failureThreshold" ? 0.5 : 10.5);
            case "boolean":
                return JsonValue.Create(random.Next(2) == 0);
            case "array":
                var items = new JsonArray();
                for (var i = 0; i < 1 + random.Next(2) && depth < 8; i++)
                {
                    items.Add(Generate(schema["items"]!.AsObject(), Singular(name), depth + 1));
                }
                return items;
            default:
                var result = new JsonObject();
                foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
                {
                    if (random.Next(10) < 9 && depth < 8)
                    {
                        result[property] = Generate(propertySchema!.AsObject(), property, depth + 1);
                    }
                }
                if (name is null && result["type"] is JsonValue correctionType && schema["properties"]?["payload"] is not null)
                {
                    result["payload"] = PayloadFor((string)correctionType!);
                }
                return result;
        }
    }

    private static string? Singular(string? name) => name switch
    {
        "workingDays" => "workingDay",
        "holidays" => "holiday",
        "pauseWhile" => "pauseWhileStatus",
        "pausedClocks" => "pausedClock",
        _ => name,
    };

    private JsonNode JsonTyped(string? name) => name switch
    {
        "attributes" => new JsonObject { ["serviceType"] = "mobile", ["msisdn"] = "62812345", ["tags"] = new JsonArray("a", "b") },
        "result" => new JsonObject { ["vendorRequestId"] = "req-1", ["readBack"] = new JsonObject { ["ok"] = true } },
        _ => new JsonObject { ["note"] = "n" },
    };

    private static JsonObject PayloadFor(string type) => type switch
    {
        "RETRY" => new JsonObject { ["step"] = "ProvisionMobileSubscriber" },
        "DATA_CORRECTION" => new JsonObject { ["field"] = "imsi", ["before"] = "510100000000001", ["after"] = "510100000000002" },
        "RESOURCE_REALLOCATION" => new JsonObject { ["oldResourceId"] = "res-1", ["newResourceId"] = "res-2", ["oldResourceDisposition"] = "RELEASE" },
        "MANUAL_PROVISIONING" => new JsonObject { ["targetSystem"] = "hss", ["instruction"] = "create", ["parameters"] = new JsonObject { ["msisdn"] = "628" } },
        "ORDER_AMENDMENT" => new JsonObject { ["change"] = "DOWNGRADE_PLAN", ["details"] = new JsonObject { ["plan"] = "basic" } },
        "CANCELLATION" => new JsonObject { ["scope"] = "ITEM", ["releaseResources"] = true, ["notifyCustomer"] = false },
        "COMPENSATION" => new JsonObject { ["kind"] = "REFUND", ["amount"] = 50000, ["currency"] = "IDR" },
        _ => new JsonObject { ["step"] = "ProvisionMobileSubscriber", ["justification"] = "done by hand, read back" },
    };

    private string StringFor(string? name, string? format)
    {
        if (format == "date-time")
        {
            return new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero).AddHours(random.Next(-48, 48)).ToString("O", CultureInfo.InvariantCulture);
        }
        if (format == "uuid")
        {
            return pool(name ?? "") ?? Guid.NewGuid().ToString();
        }
        return name switch
        {
            "queue" or "toQueue" or "escalationQueue" => "MOBILE_ACTIVATION_L2",
            "code" => $"FUZZ_{random.Next(1_000_000)}",
            "user" or "assignedUser" => Pick("fuzz.everyone", "olga.operator"),
            "category" or "categoryHint" => Pick("ACTIVATION", "BILLING", "NETWORK"),
            "severity" or "severityHint" => Pick("LOW", "MEDIUM", "HIGH", "CRITICAL"),
            "waitingFor" => Pick("CUSTOMER", "PARTNER", "VENDOR"),
            "assignmentStrategy" => "MANUAL_PULL",
            "callback" => Pick("http://127.0.0.1:9/fuzz", "http://93.184.216.34/hook", "http://169.254.169.254/latest"),
            "secret" => "fuzz-shared-secret-0123456789",
            "query" => Pick("eventType=FalloutCaseClosed", "", "caseId=" + Guid.NewGuid()),
            "currency" => "IDR",
            "timeZone" => "Asia/Jakarta",
            "opensAt" => "08:00",
            "closesAt" => "17:00",
            "workingDay" => "MONDAY",
            "holiday" => "2026-12-25",
            "pauseWhileStatus" => "WAITING_CUSTOMER",
            "pausedClock" => "TIME_TO_RESOLVE",
            "checksum" => "sha256:" + new string('a', 64),
            "content" => Convert.ToBase64String(Encoding.UTF8.GetBytes("read back ok")),
            "storageRef" => "s3://evidence/fuzz",
            "operatorRole" => "fallout.operator",
            "sourceSystem" => "activation-service",
            _ => $"{name}-{random.Next(1000)}",
        };
    }

    private int IntegerFor(string? name) => name switch
    {
        "capacity" => 5,
        "priority" => random.Next(1, 100),
        "maxConcurrency" => 2,
        "orderVersion" => 7,
        _ when name?.EndsWith("Minutes", StringComparison.Ordinal) == true => 60,
        _ => random.Next(1, 10),
    };

    private T Pick<T>(params T[] options) => options[random.Next(options.Length)];

    private static List<(JsonNode Parent, object Key)> Leaves(JsonNode node)
    {
        var leaves = new List<(JsonNode, object)>();
        void Walk(JsonNode current)
        {
            if (current is JsonObject o)
            {
                foreach (var (key, child) in o.ToList())
                {
                    leaves.Add((o, key));
                    if (child is JsonObject or JsonArray)
                    {
                        Walk(child);
                    }
                }
            }
            else if (current is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    leaves.Add((a, i));
                    if (a[i] is JsonObject or JsonArray)
                    {
                        Walk(a[i]!);
                    }
                }
            }
        }
        Walk(node);
        return leaves;
    }

    private static JsonNode? Get((JsonNode Parent, object Key) leaf) =>
        leaf.Parent is JsonObject o ? o[(string)leaf.Key] : leaf.Parent.AsArray()[(int)leaf.Key];

    private static void Set((JsonNode Parent, object Key) leaf, string value)
    {
        if (leaf.Parent is JsonObject o)
        {
            o[(string)leaf.Key] = value;
        }
        else
        {
            leaf.Parent.AsArray()[(int)leaf.Key] = value;
        }
    }
}
