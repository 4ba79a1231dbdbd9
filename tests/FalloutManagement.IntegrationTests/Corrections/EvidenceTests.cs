using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Corrections;

public sealed class EvidenceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Olga => api.Operator("olga", CaseFlow.ActivationQueue);

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task Content_is_stored_with_a_computed_checksum_and_read_back_byte_for_byte()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var bytes = Encoding.UTF8.GetBytes("HSS read-back: IMSI 510010000000002");
        var body = CaseFlow.Evidence("READ_BACK_SNAPSHOT", false);
        body["storageRef"] = null;
        body["content"] = Convert.ToBase64String(bytes);
        body["mediaType"] = "text/plain";

        var response = await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", body, started.Version());

        var item = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(Sha256(bytes), item.Str("checksum"));
        Assert.Equal("olga", item.Str("capturedBy"));
        Assert.Equal(started.Version() + 1, response.ETag());
        Assert.Equal($"/fallout-cases/{started.Id()}/evidence/{item.Id()}", response.Headers.Location?.OriginalString);
        // Evidence content is classified: the auditor is refused (and reveals it), the case's owner reads it.
        await (await api.Auditor().GetAsync($"/fallout-cases/{started.Id()}/evidence/{item.Id()}/content"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var content = await Olga.GetAsync($"/fallout-cases/{started.Id()}/evidence/{item.Id()}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal("text/plain", content.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync());
        var listed = await (await api.Auditor().GetAsync($"/fallout-cases/{started.Id()}/evidence")).Content.ReadAsStringAsync();
        Assert.Equal(item.Id(), JsonNode.Parse(listed)!["items"]!.AsArray().Single()!.AsObject().Id());
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "outbox_events",
            "case_id = @id AND event_type = 'FalloutEvidenceAttached'", ("id", started.Id())));
    }

    [Fact]
    public async Task A_checksum_that_disagrees_with_the_content_is_refused()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var body = CaseFlow.Evidence("DOCUMENT", false, content: "signed agreement");
        body["checksum"] = Sha256(Encoding.UTF8.GetBytes("another document"));

        var problem = await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", body, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.True(problem["errors"]!.AsObject().ContainsKey("checksum"));
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "evidence_items", "case_id = @id", ("id", started.Id())));
    }

    [Theory]
    [InlineData("content", "not base64 !!")]
    [InlineData("evidenceType", "SELFIE")]
    [InlineData("checksum", "md5")]
    public async Task Bad_evidence_is_refused_with_the_field_named(string field, string value)
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var body = CaseFlow.Evidence("DOCUMENT", false, content: "x");
        body[field] = value;

        var problem = await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", body, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task Evidence_without_content_or_storage_reference_or_flags_is_refused()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var body = new JsonObject { ["evidenceType"] = "DOCUMENT", ["source"] = "olga" };

        var problem = await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", body, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("content"));
        Assert.True(errors.ContainsKey("customerVisible"));
        Assert.True(errors.ContainsKey("provesResolution"));
    }

    [Fact]
    public async Task Content_of_a_few_megabytes_is_accepted_beyond_the_default_body_limit()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var bytes = new byte[3 * 1024 * 1024];
        new Random(29).NextBytes(bytes);
        var body = CaseFlow.Evidence("SCREENSHOT", false);
        body["content"] = Convert.ToBase64String(bytes);

        var (item, _) = await CaseFlow.AttachAsync(Olga, started.Id(), body, started.Version());

        Assert.Equal(Sha256(bytes), item.Str("checksum"));
        Assert.Equal(bytes.Length, (long)item["contentLength"]!);
    }

    [Fact]
    public async Task Content_above_the_limit_is_refused_and_stores_nothing()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var body = CaseFlow.Evidence("DOCUMENT", false);
        body["content"] = Convert.ToBase64String(new byte[(5 * 1024 * 1024) + 1]);

        var response = await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", body, started.Version());

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, response.StatusCode.ToString());
        Assert.Equal("VALIDATION_FAILED", (string?)(await response.ReadObjectAsync())["code"]);
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "evidence_items", "case_id = @id", ("id", started.Id())));
    }

    [Fact]
    public async Task A_wrong_item_is_corrected_by_one_that_supersedes_it_and_only_the_new_one_can_resolve()
    {
        var (id, proofId, version) = await CaseFlow.VerifyingWithProofAsync(api, Olga);
        var correction = CaseFlow.Evidence("SYNTHETIC_TEST_RESULT", true);
        correction["supersedesEvidenceId"] = proofId.ToString();
        var (fixedItem, afterFix) = await CaseFlow.AttachAsync(Olga, id, correction, version);
        Assert.Equal(proofId.ToString(), fixedItem.Str("supersedesEvidenceId"));

        await (await Olga.PostJsonAsync($"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "RESUME", ["evidenceId"] = proofId.ToString(), ["reason"] = "done",
        }, afterFix)).ExpectProblemAsync(HttpStatusCode.Conflict, "EVIDENCE_REQUIRED");
        await CaseFlow.PostAsync(Olga, $"/fallout-cases/{id}/resolve", new JsonObject
        {
            ["decision"] = "RESUME", ["evidenceId"] = fixedItem.Id().ToString(), ["reason"] = "done",
        }, afterFix);

        var unknown = CaseFlow.Evidence("DOCUMENT", false);
        unknown["supersedesEvidenceId"] = Guid.NewGuid().ToString();
        var started = await CaseFlow.InProgressAsync(api, Olga);
        await (await Olga.PostJsonAsync($"/fallout-cases/{started.Id()}/evidence", unknown, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_evidence_and_its_content()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var (item, _) = await CaseFlow.AttachAsync(Olga, started.Id(), CaseFlow.Evidence("DOCUMENT", true, content: "original"), started.Version());
        var id = item.Id();

        foreach (var sql in new[]
                 {
                     "UPDATE evidence_items SET proves_resolution = false WHERE id = @id",
                     "UPDATE evidence_items SET checksum = 'sha256:00' WHERE id = @id",
                     "DELETE FROM evidence_items WHERE id = @id",
                     "UPDATE evidence_contents SET content = '\\x00'::bytea WHERE evidence_id = @id",
                     "DELETE FROM evidence_contents WHERE evidence_id = @id",
                 })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(api.ConnectionString, sql, ("id", id)));
            Assert.Contains("append-only", error.MessageText);
        }
        Assert.True(await Sql.ScalarAsync<bool>(api.ConnectionString, "SELECT proves_resolution FROM evidence_items WHERE id = @id", ("id", id)));
        Assert.Equal(item.Str("checksum"), await Sql.ScalarAsync<string>(api.ConnectionString, "SELECT checksum FROM evidence_items WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task There_is_no_endpoint_to_change_or_delete_evidence()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var (item, _) = await CaseFlow.AttachAsync(Olga, started.Id(), CaseFlow.Evidence("DOCUMENT", false), started.Version());
        var url = $"/fallout-cases/{started.Id()}/evidence/{item.Id()}";

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await api.Supervisor().DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await api.Supervisor().PutAsync(url, new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task Evidence_is_refused_for_wrong_role_queue_ownership_and_version_and_hidden_from_other_queues()
    {
        var started = await CaseFlow.InProgressAsync(api, Olga);
        var url = $"/fallout-cases/{started.Id()}/evidence";
        var body = CaseFlow.Evidence("DOCUMENT", false);

        await (await api.Auditor().PostJsonAsync(url, body, started.Version())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Operator("omar", CaseFlow.ActivationQueue).PostJsonAsync(url, body, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await api.Operator("oscar", "BILLING_RA").PostJsonAsync(url, body, started.Version()))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await Olga.PostJsonAsync(url, body, started.Version() + 5)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        await (await Olga.PostJsonAsync(url, body)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await (await api.Operator("oscar", "BILLING_RA").GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await api.Source().GetAsync(url)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var (item, _) = await CaseFlow.AttachAsync(Olga, started.Id(), body, started.Version());
        await (await Olga.GetAsync($"{url}/{item.Id()}/content")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
