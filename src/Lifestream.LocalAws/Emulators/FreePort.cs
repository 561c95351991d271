using System.Net;
using System.Net.Sockets;

namespace Lifestream.LocalAws.Emulators;

/// <summary>Picks free TCP ports on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>
    /// Asks the kernel for an ephemeral loopback port and releases it. Another process could take it
    /// before the emulator binds; the emulators fail fast in that case and the stack retries on a new port.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>True when nothing listens on the loopback port.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
