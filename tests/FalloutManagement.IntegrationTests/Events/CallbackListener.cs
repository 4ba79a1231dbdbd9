using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FalloutManagement.IntegrationTests.Events;

/// <summary>What a hub callback received: the exact body bytes and the headers.</summary>
public sealed record ReceivedCall(string Path, byte[] Body, string? Signature, string? EventId, string? Attempt)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, port chosen by the OS) standing in for a subscriber. Each path can be
/// told to answer with a status code or to hang until the caller gives up.
/// </summary>
public sealed class CallbackListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private readonly ConcurrentDictionary<string, bool> _hanging = new();

    private CallbackListener(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public static async Task<CallbackListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var listener = new CallbackListener(app);
        app.MapPost("/{**path}", listener.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener.BaseUrl = address.TrimEnd('/');
        return listener;
    }

    public string Url(string path) => $"{BaseUrl}/{path}";

    public void Answer(string path, HttpStatusCode status) => _answers[path] = (int)status;

    public void Hang(string path) => _hanging[path] = true;

    public IReadOnlyList<ReceivedCall> For(string path) => [.. Calls.Where(c => c.Path == path)];

    private async Task HandleAsync(HttpContext context, string path)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        Calls.Enqueue(new ReceivedCall(path, buffer.ToArray(), context.Request.Headers["X-Fallout-Signature"],
            context.Request.Headers["X-Fallout-Event-Id"], context.Request.Headers["X-Fallout-Delivery-Attempt"]));
        if (_hanging.ContainsKey(path))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = _answers.GetValueOrDefault(path, StatusCodes.Status204NoContent);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
