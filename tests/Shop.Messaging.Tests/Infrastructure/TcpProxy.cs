using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Shop.Messaging.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of the broker. Stopping it cuts every connection and refuses new ones, which is
/// what a broker outage looks like to the client; starting it again on the same port ends the outage.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _running;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Port = FreePort.Next();
    }

    public int Port { get; }

    public void Start()
    {
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _acceptLoop = AcceptAsync(_listener, _running.Token);
    }

    public async Task StopAsync()
    {
        if (_running is null || _listener is null)
        {
            return;
        }
        _listener.Stop();
        foreach (var socket in _sockets.Keys)
        {
            try
            {
                // Reset rather than close gracefully: the client must see a dead connection, as after a broker crash.
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
                // Its pump closed it already.
            }
            socket.Dispose();
        }
        _sockets.Clear();
        await _running.CancelAsync();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        _running.Dispose();
        _running = null;
        _listener = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }
            _sockets.TryAdd(client, 0);
            _sockets.TryAdd(upstream, 0);
            _ = PumpAsync(client, upstream, cancellationToken);
            _ = PumpAsync(upstream, client, cancellationToken);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    break;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
            _sockets.TryRemove(from, out _);
            _sockets.TryRemove(to, out _);
        }
    }
}
