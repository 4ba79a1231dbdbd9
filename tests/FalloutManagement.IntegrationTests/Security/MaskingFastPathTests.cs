using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Masking;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Security;

/// <summary>
/// A case answer goes out as written, unparsed, when its reader sees the case's token ids and no class hidden from it
/// is in the answer (<c>MaskingMiddleware.SeesWholeCase</c>: the case's owner; its reporter for the intake's 201, which
/// holds no evidence location). These tests hold it to the masker's own answer and check that everyone else still gets
/// the case masked.
/// </summary>
public sealed class MaskingFastPathTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Owner = "fast.owner";

    private HttpClient OwnerClient => api.Operator(Owner, CaseFlow.ActivationQueue);

    /// <summary>A case in work by <see cref="Owner"/> with classified values in its fields, attributes, a correction and evidence.</summary>
    private async Task<Guid> ClassifiedCaseAsync()
    {
        var started = await CaseFlow.InProgressAsync(api, OwnerClient, b =>
        {
            b["customerId"] = "cust-7654321";
            b["attributes"] = new JsonObject
            {
                ["msisdn"] = "6281100000009", ["imsi"] = "510101234567899",
                ["customer"] = new JsonObject { ["name"] = "Siti Rahma", ["address"] = "Jl. Merdeka 9" },
            };
        });
        var id = started.Id();
        var proposal = CaseFlow.Proposal("DATA_CORRECTION", new JsonObject { ["field"] = "msisdn", ["before"] = "6281100000009", ["after"] = "6281100000010" });
        var (_, version) = await CaseFlow.ProposeAsync(OwnerClient, id, proposal, started.Version());
        await CaseFlow.AttachAsync(OwnerClient, id, CaseFlow.Evidence("SCREENSHOT", provesResolution: false), version);
        return id;
    }

    [Fact]
    public async Task The_owners_answer_is_what_the_masker_would_write()
    {
        var id = await ClassifiedCaseAsync();
        var read = await CaseFlow.GetAsync(OwnerClient, id);
        var version = read.Version();
        var command = await (await OwnerClient.PostJsonAsync($"/fallout-cases/{id}/reservations", Reservation("PORT-1"), version))
            .ExpectAsync(HttpStatusCode.OK);

        // The owner sees everything of the case unmasked, in the read and in a command's answer.
        Assert.Equal("cust-7654321", read.Str("customerId"));
        Assert.Equal("6281100000009", read["attributes"]!["msisdn"]!.GetValue<string>());
        Assert.Equal("Jl. Merdeka 9", read["attributes"]!["customer"]!["address"]!.GetValue<string>());
        Assert.Equal("6281100000010", read["correctionActions"]!.AsArray().Single()!["payload"]!["after"]!.GetValue<string>());
        Assert.StartsWith("s3://evidence/", read["evidence"]!.AsArray().Single()!["storageRef"]!.GetValue<string>());

        // And it is exactly what the masker makes of it for the owner.
        await AssertMaskerLeavesAsIsAsync(new Viewer(Owner, new HashSet<string> { Roles.Operator }, false, []),
            await CaseFlow.GetAsync(OwnerClient, id), id);
        Assert.Equal("cust-7654321", command.Str("customerId"));
        Assert.Equal("Jl. Merdeka 9", command["attributes"]!["customer"]!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_reporters_intake_answer_is_what_the_masker_would_write()
    {
        // The 201 of an intake goes to the source that reported the case: it sees every class its new case holds (all
        // but where evidence lies, and a new case has no evidence).
        var body = Http.Fallout(b =>
        {
            b["customerId"] = "cust-5550001";
            b["attributes"] = new JsonObject { ["msisdn"] = "6281100000077", ["customer"] = new JsonObject { ["address"] = "Jl. Sudirman 1" } };
            b["context"] = new JsonObject
            {
                ["customer"] = new JsonObject { ["name"] = "Budi Santoso" },
                ["resources"] = new JsonArray(new JsonObject { ["resourceId"] = "res-1", ["resourceType"] = "MSISDN", ["value"] = "6281100000077" }),
                ["activationAttempts"] = new JsonArray(new JsonObject
                {
                    ["command"] = "ADD SUB IMSI=510101234567000", ["at"] = "2030-01-01T00:00:00Z", ["rawError"] = "ERR 3001",
                }),
            };
        });
        var sourceSystem = (string)body["sourceSystem"]!;
        var created = await (await api.Source(sourceSystem).PostJsonAsync("/fallout-cases", body)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("cust-5550001", created.Str("customerId"));
        Assert.Equal("6281100000077", created["attributes"]!["msisdn"]!.GetValue<string>());
        Assert.Equal("Jl. Sudirman 1", created["attributes"]!["customer"]!["address"]!.GetValue<string>());
        Assert.Contains("ADD SUB IMSI=510101234567000", created.ToJsonString());

        await AssertMaskerLeavesAsIsAsync(new Viewer(sourceSystem, new HashSet<string> { Roles.Source }, false, []), created, created.Id());

        // An auditor reads the same case masked.
        var other = await CaseFlow.GetAsync(api.Auditor("fast.auditor"), created.Id());
        Assert.DoesNotContain("cust-5550001", other.ToJsonString());
        Assert.DoesNotContain("Jl. Sudirman 1", other.ToJsonString());
    }

    [Fact]
    public async Task The_timeline_masks_what_the_case_read_masks()
    {
        var id = await ClassifiedCaseAsync();

        // The owner's timeline shows where the evidence lies, under the name the masking rules classify.
        var own = await (await OwnerClient.GetAsync($"/fallout-cases/{id}/timeline")).ExpectAsync(HttpStatusCode.OK);
        var evidence = own["items"]!.AsArray().Single(i => i!["kind"]!.GetValue<string>() == "EVIDENCE")!;
        Assert.StartsWith("s3://evidence/", evidence["data"]!["storageRef"]!.GetValue<string>());
        Assert.DoesNotContain("s3://", evidence["detail"]!.GetValue<string>());

        // Another operator of the queue and an auditor get it masked, with every other class of the case.
        foreach (var reader in new[] { api.Operator("fast.colleague", CaseFlow.ActivationQueue), api.Auditor("fast.auditor") })
        {
            var timeline = (await (await reader.GetAsync($"/fallout-cases/{id}/timeline")).ExpectAsync(HttpStatusCode.OK)).ToJsonString();
            Assert.Contains("\"EVIDENCE\"", timeline);
            Assert.DoesNotContain("s3://evidence/", timeline);
            Assert.DoesNotContain("6281100000009", timeline);
        }
    }

    /// <summary>What the service answered <paramref name="viewer"/> is what the masker itself makes of it for that viewer.</summary>
    private async Task AssertMaskerLeavesAsIsAsync(Viewer viewer, JsonNode answered, Guid caseId)
    {
        await using var scope = api.App.Services.CreateAsyncScope();
        var (rules, _) = await scope.ServiceProvider.GetRequiredService<MaskingRules>().CurrentAsync(default);
        var masked = answered.DeepClone();
        await CaseFactsReader.MaskAsync(scope.ServiceProvider.GetRequiredService<FalloutDbContext>(), rules, viewer, masked, caseId, default);
        Assert.Equal(answered.ToJsonString(), masked.ToJsonString());
    }

    private static JsonObject Reservation(string resourceId) => new()
    {
        ["resourceId"] = resourceId, ["kind"] = "PON_PORT", ["expiresAt"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O"),
    };

    [Fact]
    public async Task Everyone_else_still_gets_the_case_masked()
    {
        var id = await ClassifiedCaseAsync();

        // Another operator of the queue: the case is not theirs.
        var colleague = await CaseFlow.GetAsync(api.Operator("fast.colleague", CaseFlow.ActivationQueue), id);
        Assert.DoesNotContain("cust-7654321", colleague.ToJsonString());
        Assert.DoesNotContain("6281100000009", colleague.ToJsonString());

        // A supervisor's own command is answered masked for the classes a supervisor does not see (address).
        var supervisor = api.Supervisor("fast.supervisor");
        var version = await CaseFlow.VersionAsync(supervisor, id);
        var answered = await (await supervisor.PostJsonAsync($"/fallout-cases/{id}/reservations", Reservation("PORT-2"), version))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cust-7654321", answered.Str("customerId"));
        Assert.DoesNotContain("Jl. Merdeka 9", answered.ToJsonString());
        var forSupervisor = await CaseFlow.GetAsync(supervisor, id);
        Assert.Equal("cust-7654321", forSupervisor.Str("customerId"));
        Assert.DoesNotContain("Jl. Merdeka 9", forSupervisor.ToJsonString());

        // An auditor sees every class masked, where the evidence lies included.
        var auditor = (await CaseFlow.GetAsync(api.Auditor("fast.auditor"), id)).ToJsonString();
        Assert.DoesNotContain("cust-7654321", auditor);
        Assert.DoesNotContain("6281100000010", auditor);
        Assert.DoesNotContain("s3://evidence/", auditor);
    }
}
