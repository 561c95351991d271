using System.Net;
using System.Net.Sockets;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.Tests.Unit.LocalAws.Emulators;

public class FreePortTests
{
    [Fact]
    public void Next_returns_a_bindable_loopback_port()
    {
        var port = FreePort.Next();

        Assert.InRange(port, 1024, 65535);
        Assert.True(FreePort.IsFree(port));
    }

    [Fact]
    public void A_port_in_use_is_not_free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.False(FreePort.IsFree(port));
    }
}
