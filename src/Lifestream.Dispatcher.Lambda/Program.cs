// Host entry point; wiring arrives with the issue that owns this host.
Console.Error.WriteLine("Lifestream.Dispatcher.Lambda: not wired yet.");
return 2;
