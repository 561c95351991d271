// Starts fauxqs (S3 + SQS emulator) bound to loopback only. fauxqs 2.4.1 hard-codes host 0.0.0.0 in
// its listen call; we rewrite that one argument before it reaches the socket. Port: FAUXQS_PORT.
//
// fauxqs has no bucket CORS, so a browser page could not PUT to a presigned URL or read a presigned GET.
// The rule below answers as S3 does for the videos bucket's CORS configuration (terraform/s3.tf,
// aws_s3_bucket_cors_configuration.videos): preflights for allowed origins and methods, the origin echoed
// and ETag exposed on actual responses. Locally the site is on a loopback origin of any port.
import http from "node:http";
import net from "node:net";

const bindHost = process.env.LIFESTREAM_BIND_HOST ?? "127.0.0.1";
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (args.length > 0 && args[0] !== null && typeof args[0] === "object") {
    args[0] = { ...args[0], host: bindHost };
  }
  return originalListen.apply(this, args);
};

const cors = {
  allowedOrigins: (process.env.LIFESTREAM_S3_CORS_ORIGINS ?? "http://127.0.0.1:*,http://localhost:*").split(",").map((o) => o.trim()).filter(Boolean),
  allowedMethods: ["GET", "PUT", "HEAD"],
  exposeHeaders: ["ETag"],
  maxAgeSeconds: 3000,
};

// S3 AllowedOrigin: an exact origin, or one '*' matching any run of characters.
function originAllowed(origin) {
  return cors.allowedOrigins.some((pattern) => {
    const star = pattern.indexOf("*");
    if (star < 0) {
      return pattern === origin;
    }
    const head = pattern.slice(0, star);
    const tail = pattern.slice(star + 1);
    return origin.length >= head.length + tail.length && origin.startsWith(head) && origin.endsWith(tail);
  });
}

const originalEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithCors(event, request, response, ...rest) {
  if (event === "request" && typeof request.headers.origin === "string") {
    const origin = request.headers.origin;
    const preflight = request.method === "OPTIONS" && typeof request.headers["access-control-request-method"] === "string";
    if (preflight) {
      const method = request.headers["access-control-request-method"];
      if (!originAllowed(origin) || !cors.allowedMethods.includes(method)) {
        response.writeHead(403, { "Content-Type": "application/xml" });
        response.end("<Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS request is not allowed.</Message></Error>");
        return true;
      }
      response.writeHead(200, {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": cors.allowedMethods.join(", "),
        "Access-Control-Allow-Headers": request.headers["access-control-request-headers"] ?? "",
        "Access-Control-Expose-Headers": cors.exposeHeaders.join(", "),
        "Access-Control-Max-Age": String(cors.maxAgeSeconds),
        Vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
      });
      response.end();
      return true;
    }
    if (originAllowed(origin) && cors.allowedMethods.includes(request.method)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Expose-Headers", cors.exposeHeaders.join(", "));
      response.setHeader("Vary", "Origin");
    }
  }
  return originalEmit.call(this, event, request, response, ...rest);
};

const { startFauxqs } = await import("fauxqs");
await startFauxqs({ logger: process.env.FAUXQS_LOGGER === "true" });
