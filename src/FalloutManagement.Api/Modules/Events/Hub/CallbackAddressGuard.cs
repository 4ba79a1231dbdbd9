using System.Net;
using System.Net.Sockets;
using FalloutManagement.Api.Common.Problems;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Events.Hub;

/// <summary>How the relay turns a callback host into addresses; tests replace it to play a DNS rebinding.</summary>
internal class CallbackHostResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>
/// Keeps hub callbacks off the service's own network (SSRF). With <c>Hub:AllowedCallbackHosts</c> set, a callback's
/// host must be one of them (<c>hooks.example.com</c>, or <c>*.example.com</c> for its subdomains). With it empty,
/// every address the host resolves to must be public: never loopback, private, carrier-grade NAT, link-local,
/// multicast, reserved or documentation ranges, IPv6 unique-local or link-local, nor an IPv6 form that embeds an IPv4
/// address (mapped, compatible, NAT64, 6to4, Teredo). Checked when a subscription is registered and again on every
/// connection the relay opens (the relay connects to exactly the addresses it checked), so a DNS answer that changes
/// after registration (rebinding) cannot steer a delivery inside.
/// </summary>
internal sealed class CallbackAddressGuard(IOptionsMonitor<HubOptions> options, CallbackHostResolver resolver)
{
    /// <summary>Refuses a callback the relay would not call (400 naming <c>callback</c>).</summary>
    public async Task EnsureAllowedAsync(Uri callback, CancellationToken ct)
    {
        try
        {
            // A listed host needs no addresses yet (it may resolve only from where the relay runs).
            await AddressesAsync(callback.IdnHost, resolveListed: false, ct);
        }
        catch (CallbackRefusedException refused)
        {
            throw DomainException.Validation("callback", refused.Message);
        }
    }

    /// <summary>The relay's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve, check, connect to a checked address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await AddressesAsync(context.DnsEndPoint.Host, resolveListed: true, ct);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<IPAddress[]> AddressesAsync(string host, bool resolveListed, CancellationToken ct)
    {
        var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        var allowed = options.CurrentValue.AllowedCallbackHosts;
        if (allowed.Count > 0)
        {
            if (!allowed.Any(entry => Matches(entry, name)))
            {
                throw new CallbackRefusedException($"The callback host {name} is not in Hub:AllowedCallbackHosts.");
            }
            return IPAddress.TryParse(name, out var listed) ? [listed] : resolveListed ? await ResolveAsync(name, ct) : [];
        }
        var addresses = IPAddress.TryParse(name, out var literal) ? [literal] : await ResolveAsync(name, ct);
        if (addresses.Length == 0 || addresses.Any(a => !IsPublic(a)))
        {
            throw new CallbackRefusedException($"The callback host {name} resolves to an address that is not public.");
        }
        return addresses;
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        try
        {
            return await resolver.ResolveAsync(host, ct);
        }
        catch (SocketException e)
        {
            throw new CallbackRefusedException($"The callback host {host} does not resolve: {e.Message}");
        }
    }

    private static bool Matches(string entry, string host)
    {
        var allowed = entry.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        return allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.Ordinal)
            : host == allowed;
    }

    /// <summary>Whether an address is on the public internet (see the class summary for what is not).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224                       // this net, private, loopback, multicast, reserved
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)                                      // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                                                    // link-local (cloud metadata)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)                                       // private
                || (b[0] == 192 && b[1] == 168)                                                    // private
                || (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2))                          // protocol assignments, TEST-NET-1
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))                                     // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113)); // TEST-NET-2/3
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        var v6 = address.GetAddressBytes();
        // Global unicast only (2000::/3), without the ranges inside it that are not a plain public host.
        return (v6[0] & 0xE0) == 0x20
            && !(v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x00 && v6[3] == 0x00)                 // Teredo 2001::/32
            && !(v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)                 // documentation 2001:db8::/32
            && !(v6[0] == 0x20 && v6[1] == 0x02);                                                  // 6to4 2002::/16
    }

    private sealed class CallbackRefusedException(string message) : HttpRequestException(message);
}
