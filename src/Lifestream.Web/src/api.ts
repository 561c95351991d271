// The upload API's contract as the page uses it (docs/api/openapi.json) and one way to call it.

export const apiPrefix = "/api/v1";

export interface UploadPart {
  part_number: number;
  size: number;
  url: string;
}

export interface UploadInstructions {
  method: "PUT" | "multipart";
  url?: string;
  headers?: Record<string, string>;
  part_size?: number;
  parts?: UploadPart[];
  complete_url?: string;
}

export interface UploadTicket {
  job_id: string;
  s3_key: string;
  expires_at: string;
  upload: UploadInstructions;
  confirm_url: string;
}

export interface JobLinks {
  self: string;
  video: string;
  summary_json?: string;
  summary_md?: string;
  documents: Record<string, string>;
}

export interface Job {
  job_id: string;
  file_name: string;
  status: string;
  terminal: boolean;
  stage?: string;
  progress: number;
  attempts: number;
  created_at: string;
  updated_at: string;
  timings: Record<string, number>;
  error?: string;
  /** While retrying: the earliest start of the next attempt. */
  retry_at?: string;
  links: JobLinks;
}

export interface JobList {
  jobs: Job[];
  next_cursor?: string | null;
}

/** An RFC 9457 problem the API answered, or one the page made for a failure without an answer. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail ? `${title} ${detail}` : title);
  }

  get slug(): string {
    return this.type.replace(/^urn:lifestream:problem:/, "");
  }

  static network(what: string): ApiProblem {
    return new ApiProblem(0, "urn:lifestream:problem:network", "Network error.", `${what} did not reach the server: check the connection and retry.`);
  }
}

const tokenKey = "lifestream.access_token";
let unauthorizedHandler: (() => void) | undefined;

/** Bearer token for an API with auth on (session storage: gone when the tab closes). */
export const auth = {
  get token(): string | null {
    return sessionStorage.getItem(tokenKey);
  },
  set(token: string | null): void {
    if (token) {
      sessionStorage.setItem(tokenKey, token);
    } else {
      sessionStorage.removeItem(tokenKey);
    }
  },
  /** Takes an access token handed over in the fragment (an OAuth implicit or hosted sign-in redirect) and removes it from the address bar. */
  adoptFromFragment(): boolean {
    const hash = location.hash.replace(/^#/, "");
    if (!hash.includes("access_token=")) {
      return false;
    }
    const token = new URLSearchParams(hash).get("access_token");
    this.set(token);
    history.replaceState(null, "", `${location.pathname}${location.search}#/jobs`);
    return token !== null;
  },
  onUnauthorized(handler: () => void): void {
    unauthorizedHandler = handler;
  },
};

function headers(extra?: Record<string, string>): Headers {
  const result = new Headers(extra);
  const token = auth.token;
  if (token) {
    result.set("Authorization", `Bearer ${token}`);
  }
  return result;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let body: { type?: string; title?: string; detail?: string } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not a problem document (a proxy's error page): the status says enough.
  }
  if (response.status === 401) {
    unauthorizedHandler?.();
  }
  return new ApiProblem(
    response.status,
    body.type ?? `urn:lifestream:problem:http-${response.status}`,
    body.title ?? `The server answered ${response.status}.`,
    body.detail ?? "",
  );
}

async function send(path: string, init: RequestInit, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { cache: "no-store", ...init });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") {
      throw error;
    }
    throw ApiProblem.network(what);
  }
  if (!response.ok && response.status !== 304) {
    throw await problemOf(response);
  }
  return response;
}

export async function postJson<T>(path: string, body: unknown, what: string): Promise<T> {
  const init: RequestInit = { method: "POST", headers: headers({ "Content-Type": "application/json", Accept: "application/json" }) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const response = await send(path, init, what);
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

export async function getJson<T>(path: string, what: string, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { headers: headers({ Accept: "application/json" }) };
  if (signal) {
    init.signal = signal;
  }
  return (await (await send(path, init, what)).json()) as T;
}

/** A conditional GET: <c>undefined</c> when the resource still has <paramref name="etag"/>. */
export async function getIfChanged<T>(path: string, etag: string | undefined, what: string, signal?: AbortSignal): Promise<{ value: T; etag: string | undefined } | undefined> {
  const init: RequestInit = { headers: headers(etag ? { Accept: "application/json", "If-None-Match": etag } : { Accept: "application/json" }) };
  if (signal) {
    init.signal = signal;
  }
  const response = await send(path, init, what);
  if (response.status === 304) {
    return undefined;
  }
  return { value: (await response.json()) as T, etag: response.headers.get("ETag") ?? undefined };
}

/** JSON or text behind one of the API's presigned redirects (the browser follows it to storage). */
export async function getDocumentText(path: string, what: string): Promise<string> {
  return (await send(path, { headers: headers() }, what)).text();
}

/**
 * The short-lived presigned URL behind one of the API's redirects, for elements that cannot send a bearer
 * token themselves (video, img, a download): follows the redirect, takes the final URL and drops the body.
 */
export async function resolveLink(path: string, what: string): Promise<string> {
  const controller = new AbortController();
  const response = await send(path, { headers: headers(), signal: controller.signal }, what);
  controller.abort();
  return response.url;
}

export function deleteJob(path: string): Promise<Response> {
  return send(path, { method: "DELETE", headers: headers() }, "Deleting the job");
}
