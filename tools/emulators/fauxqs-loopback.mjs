// Starts fauxqs (S3 + SQS emulator) bound to loopback only. fauxqs 2.4.1 hard-codes host 0.0.0.0 in
// its listen call; we rewrite that one argument before it reaches the socket. Port: FAUXQS_PORT.
import net from "node:net";

const bindHost = process.env.LIFESTREAM_BIND_HOST ?? "127.0.0.1";
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (args.length > 0 && args[0] !== null && typeof args[0] === "object") {
    args[0] = { ...args[0], host: bindHost };
  }
  return originalListen.apply(this, args);
};

const { startFauxqs } = await import("fauxqs");
await startFauxqs({ logger: process.env.FAUXQS_LOGGER === "true" });
