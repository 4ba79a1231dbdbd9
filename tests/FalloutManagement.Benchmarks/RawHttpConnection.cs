using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FalloutManagement.Benchmarks;

/// <summary>
/// A minimal HTTP/1.1 client on one keep-alive connection: <c>POST</c> of a prepared body with a fixed set of headers,
/// the answer's status read and its body consumed (<c>Content-Length</c> or chunked). It is the load generator's
/// counterpart of pgbench, the lean baseline's client: on two cores the load generator shares the CPU with the service
/// and PostgreSQL, and with <see cref="HttpClient"/> (its request and content objects, header collections and
/// connection pool per request) it took about twice the CPU per intake this client takes (docs/benchmarks.md, "The
/// load generator"). Not a general client:
/// no redirects, no proxies, no TLS, no pipelining; an answer it cannot read ends the connection (the request counts as
/// a transport error) and the next request opens a new one. Blocking calls on the caller's thread, as pgbench's clients
/// are: one thread per connection waits in the kernel for its answer, with no event loop or thread-pool hand-off between
/// the socket and the caller.
/// </summary>
public sealed class RawHttpConnection(Uri baseUrl, string path, string contentType, string bearerToken, TimeSpan timeout) : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly byte[] _head = Encoding.ASCII.GetBytes(
        $"POST {path} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nAuthorization: Bearer {bearerToken}\r\n"
        + $"Content-Type: {contentType}\r\nContent-Length: ");
    private byte[] _send = new byte[16 * 1024];
    private byte[] _receive = new byte[16 * 1024];
    private Socket? _socket;

    /// <summary>The answer's status, or -1 when the request failed in transport (then the connection is closed).</summary>
    /// <param name="body">The request body.</param>
    /// <param name="keepErrorBody">Whether to return the body of an answer other than 200 or 201 as text (for error samples).</param>
    public (int Status, string? Body) Post(byte[] body, bool keepErrorBody)
    {
        try
        {
            var socket = _socket ??= Connect();
            socket.Send(Request(body).Span, SocketFlags.None);
            var (status, bodyStart, bodyEnd, close) = ReadAnswer(socket);
            var text = keepErrorBody && status is not (200 or 201) ? Encoding.UTF8.GetString(_receive, bodyStart, bodyEnd - bodyStart) : null;
            if (close)
            {
                Close();
            }
            return (status, text);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException)
        {
            Close();
            return (-1, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    public void Dispose() => Close();

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private Socket Connect()
    {
        // The time-out bounds each send and each receive (a request's answer may take several receives).
        var milliseconds = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendTimeout = milliseconds, ReceiveTimeout = milliseconds };
        try
        {
            socket.Connect(new DnsEndPoint(baseUrl.Host, baseUrl.Port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The request's bytes in the send buffer: the fixed head, the body's length, a blank line, the body.</summary>
    private ReadOnlyMemory<byte> Request(byte[] body)
    {
        var size = _head.Length + 16 + body.Length;
        if (_send.Length < size)
        {
            _send = new byte[size * 2];
        }
        _head.CopyTo(_send, 0);
        var at = _head.Length;
        Utf8Formatter.TryFormat(body.Length, _send.AsSpan(at), out var digits);
        at += digits;
        "\r\n\r\n"u8.CopyTo(_send.AsSpan(at));
        at += 4;
        body.CopyTo(_send, at);
        return _send.AsMemory(0, at + body.Length);
    }

    /// <summary>Reads one whole answer into the receive buffer: its status, where its body is, whether the server closes.</summary>
    private (int Status, int BodyStart, int BodyEnd, bool Close) ReadAnswer(Socket socket)
    {
        var filled = 0;
        int headEnd;
        while ((headEnd = _receive.AsSpan(0, filled).IndexOf(HeaderEnd)) < 0)
        {
            filled = ReceiveMore(socket, filled);
        }
        var head = _receive.AsSpan(0, headEnd);
        // "HTTP/1.1 201 Created"
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("Not an HTTP/1.x status line.");
        }
        long? length = null;
        var chunked = false;
        var close = false;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && Utf8Parser.TryParse(value, out long n, out _))
            {
                length = n;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }
        var bodyStart = headEnd + HeaderEnd.Length;
        if (status is < 200 or 204 or 304)
        {
            // No body, whatever the headers say (RFC 9112, 6.3).
            return (status, bodyStart, bodyStart, close);
        }
        if (chunked)
        {
            var bodyEnd = ReadChunked(socket, bodyStart, filled);
            return (status, bodyStart, bodyEnd, close);
        }
        if (length is not { } contentLength)
        {
            // Neither a length nor chunks: the body runs to the end of the connection (HTTP/1.0 style).
            while (true)
            {
                var before = filled;
                try
                {
                    filled = ReceiveMore(socket, filled);
                }
                catch (IOException) when (filled == before)
                {
                    return (status, bodyStart, filled, true);
                }
            }
        }
        while (filled < bodyStart + contentLength)
        {
            filled = ReceiveMore(socket, filled);
        }
        return (status, bodyStart, (int)(bodyStart + contentLength), close);
    }

    /// <summary>
    /// Reads a chunked body starting at <paramref name="at"/>, moving each chunk's data down so the body ends up
    /// contiguous from <paramref name="at"/>; where it ends.
    /// </summary>
    private int ReadChunked(Socket socket, int at, int filled)
    {
        var bodyEnd = at;
        var read = at;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _receive.AsSpan(read, filled - read).IndexOf("\r\n"u8)) < 0)
            {
                filled = ReceiveMore(socket, filled);
            }
            var sizeText = _receive.AsSpan(read, lineEnd);
            var extension = sizeText.IndexOf((byte)';');
            if (extension >= 0)
            {
                sizeText = sizeText[..extension];
            }
            if (!Utf8Parser.TryParse(sizeText.Trim((byte)' '), out int size, out _, 'X') || size < 0)
            {
                throw new InvalidDataException("Bad chunk size.");
            }
            read += lineEnd + 2;
            if (size == 0)
            {
                // No trailers expected: the last chunk is followed by a blank line.
                while (filled < read + 2)
                {
                    filled = ReceiveMore(socket, filled);
                }
                return bodyEnd;
            }
            while (filled < read + size + 2)
            {
                filled = ReceiveMore(socket, filled);
            }
            _receive.AsSpan(read, size).CopyTo(_receive.AsSpan(bodyEnd));
            bodyEnd += size;
            read += size + 2;
        }
    }

    /// <summary>Receives more bytes after the first <paramref name="filled"/>, growing the buffer when it is full.</summary>
    private int ReceiveMore(Socket socket, int filled)
    {
        if (filled == _receive.Length)
        {
            Array.Resize(ref _receive, _receive.Length * 2);
        }
        var received = socket.Receive(_receive.AsSpan(filled), SocketFlags.None);
        if (received == 0)
        {
            throw new IOException("The server closed the connection.");
        }
        return filled + received;
    }
}
