using Npgsql;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on a real Kestrel port against a fresh PostgreSQL database, for what the in-memory test server does
/// not show: a browser, raw sockets, the server's own parsing of request lines and headers.
/// </summary>
public class KestrelHost : IAsyncLifetime
{
    public FalloutApp App { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public Uri BaseAddress { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync();
        App = new FalloutApp(ConnectionString);
        App.UseKestrel(0);
        App.StartServer();
        BaseAddress = App.ClientOptions.BaseAddress;
    }

    public virtual async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        if (ConnectionString.Length > 0)
        {
            await TestDatabase.DropAsync(ConnectionString);
        }
    }
}
