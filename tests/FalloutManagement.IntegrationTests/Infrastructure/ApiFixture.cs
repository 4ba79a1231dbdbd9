using FalloutManagement.Api.Common.Auth;
using Npgsql;
using Microsoft.Extensions.Time.Testing;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>A fresh database and one service instance on it (with a fake clock), shared by one test class.</summary>
public class ApiFixture : IAsyncLifetime
{
    public FalloutApp App { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = FalloutApp.FakeClock();
    public string ConnectionString { get; private set; } = "";

    public virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync();
        App = new FalloutApp(ConnectionString, Clock, Settings);
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        try
        {
            // Null when InitializeAsync failed before the app existed.
            if (App is not null)
            {
                await App.DisposeAsync();
            }
        }
        finally
        {
            // Each class has its own database and so its own connection pools: give their connections back to the
            // server now rather than when they idle out, so a long run never crowds max_connections. The database
            // goes even when the app failed to stop.
            NpgsqlConnection.ClearAllPools();
            if (ConnectionString.Length > 0)
            {
                await TestDatabase.DropAsync(ConnectionString);
            }
        }
    }

    public HttpClient Source(string sub = "activation-service") => App.As(sub, [Roles.Source]);

    /// <summary>A source that orchestrates orders (<c>orchestrates: true</c>): it may redeem the tokens of any case.</summary>
    public HttpClient Orchestrator(string sub = "order-management") =>
        App.As(sub, [Roles.Source], extraClaims: new Dictionary<string, object> { ["orchestrates"] = true });

    public HttpClient Operator(string sub, params string[] queues) => App.As(sub, [Roles.Operator], queues);

    public HttpClient Supervisor(string sub = "sam.supervisor") => App.As(sub, [Roles.Supervisor]);

    public HttpClient Approver(string sub = "ana.approver", bool mfa = true) => App.As(sub, [Roles.Approver], mfa: mfa);

    public HttpClient Auditor(string sub = "aud.auditor") => App.As(sub, [Roles.Auditor]);

    public HttpClient Admin(string sub = "adm.admin") => App.As(sub, [Roles.Admin]);

    /// <summary>The system <paramref name="code"/> (an executor code such as <c>hss-adapter</c>) acting as a correction executor (claim <c>executor</c>).</summary>
    public HttpClient Executor(string code, string? sub = null) => App.As(sub ?? $"{code}-system", [Roles.Executor], executor: code);

    /// <summary>A partner or field organisation system acting for <paramref name="code"/> (claim <c>partner</c>).</summary>
    public HttpClient Partner(string code, string sub = "partner-gateway") =>
        App.As(sub, [Roles.Partner], extraClaims: new Dictionary<string, object> { [FalloutClaims.Partner] = code });
}
