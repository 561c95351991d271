// One file's way through the API: reserve → PUT (or multipart parts → complete) → confirm.
import { ApiProblem, postJson, type Job, type UploadTicket } from "./api";

export type UploadPhase = "reserving" | "uploading" | "completing" | "confirming" | "queued" | "failed";

export interface UploadProgress {
  phase: UploadPhase;
  sentBytes: number;
  totalBytes: number;
  partsDone: number;
  partsTotal: number;
}

/** Parts sent at once for a multipart upload: enough to fill a link, few enough to keep each part's progress meaningful. */
export const concurrentParts = 3;

/** Content type the reservation names (the PUT must then send the same one, as the presigned URL signs it). */
export function contentTypeOf(file: File): string {
  if (file.type) {
    return file.type;
  }
  const lower = file.name.toLowerCase();
  if (lower.endsWith(".mp4")) {
    return "video/mp4";
  }
  if (lower.endsWith(".mov")) {
    return "video/quicktime";
  }
  return "application/octet-stream";
}

/**
 * Sends one body to a presigned URL with upload progress (fetch reports none, XMLHttpRequest does).
 * Resolves with the ETag storage answered (multipart completion needs it).
 */
function put(url: string, body: Blob, contentType: string | undefined, what: string, onSent: (bytes: number) => void, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    if (contentType) {
      xhr.setRequestHeader("Content-Type", contentType);
    }
    xhr.upload.onprogress = (event) => onSent(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onSent(body.size);
        resolve(xhr.getResponseHeader("ETag") ?? "");
      } else if (xhr.status === 403) {
        reject(new ApiProblem(403, "urn:lifestream:problem:upload-url-expired", "Storage refused the upload.", `${what}: the upload link has expired or was altered; retry to get a new one.`));
      } else {
        reject(new ApiProblem(xhr.status, `urn:lifestream:problem:storage-${xhr.status}`, "Storage refused the upload.", `${what}: storage answered ${xhr.status}.`));
      }
    };
    xhr.onerror = () => reject(ApiProblem.network(what));
    xhr.ontimeout = () => reject(ApiProblem.network(what));
    xhr.onabort = () => reject(new DOMException("Upload cancelled.", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/**
 * An upload that can be retried from where it failed: the reservation and the parts already stored are
 * kept while the reservation is valid, so a dropped connection does not resend what storage already has.
 */
export class FileUpload {
  private ticket: UploadTicket | undefined;
  private readonly partETags = new Map<number, string>();
  private uploaded = false;
  private controller = new AbortController();

  constructor(
    readonly file: File,
    private readonly onProgress: (progress: UploadProgress) => void,
  ) {}

  get jobId(): string | undefined {
    return this.ticket?.job_id;
  }

  cancel(): void {
    this.controller.abort();
  }

  async run(): Promise<Job> {
    this.controller = new AbortController();
    const signal = this.controller.signal;
    const total = this.file.size;
    if (!this.ticket || Date.parse(this.ticket.expires_at) <= Date.now()) {
      this.report("reserving", 0);
      this.ticket = await postJson<UploadTicket>(
        "/api/v1/uploads",
        { filename: this.file.name, size: this.file.size, content_type: contentTypeOf(this.file) },
        `Reserving ${this.file.name}`,
      );
      this.partETags.clear();
      this.uploaded = false;
    }
    const ticket = this.ticket;
    if (!this.uploaded) {
      if (ticket.upload.method === "PUT") {
        this.report("uploading", 0);
        const contentType = ticket.upload.headers?.["Content-Type"];
        await put(ticket.upload.url!, this.file, contentType, `Uploading ${this.file.name}`, (sent) => this.report("uploading", sent), signal);
      } else {
        await this.uploadParts(ticket, signal);
        this.report("completing", total);
        await postJson(
          ticket.upload.complete_url!,
          { parts: [...this.partETags].sort(([a], [b]) => a - b).map(([part_number, etag]) => ({ part_number, etag })) },
          `Completing ${this.file.name}`,
        );
      }
      this.uploaded = true;
    }
    this.report("confirming", total);
    const job = await postJson<Job>(ticket.confirm_url, undefined, `Confirming ${this.file.name}`);
    this.report("queued", total);
    return job;
  }

  private async uploadParts(ticket: UploadTicket, signal: AbortSignal): Promise<void> {
    const parts = ticket.upload.parts ?? [];
    const partSize = ticket.upload.part_size ?? 0;
    const sent = new Map<number, number>();
    for (const done of this.partETags.keys()) {
      sent.set(done, parts.find((p) => p.part_number === done)?.size ?? 0);
    }
    const publish = () => this.report("uploading", [...sent.values()].reduce((a, b) => a + b, 0), this.partETags.size, parts.length);
    publish();
    const queue = parts.filter((p) => !this.partETags.has(p.part_number));
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const start = (part.part_number - 1) * partSize;
        const body = this.file.slice(start, start + part.size);
        const etag = await put(part.url, body, undefined, `Uploading part ${part.part_number} of ${this.file.name}`, (bytes) => {
          sent.set(part.part_number, bytes);
          publish();
        }, signal);
        if (!etag) {
          throw new ApiProblem(0, "urn:lifestream:problem:storage-cors", "Storage hid the part's ETag.", "The storage bucket's CORS rules must expose the ETag header.");
        }
        this.partETags.set(part.part_number, etag);
        publish();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrentParts, queue.length) }, worker));
    } catch (error) {
      // One part failed: stop the others; the parts already stored are kept for the retry.
      this.controller.abort();
      throw error;
    }
  }

  private report(phase: UploadPhase, sentBytes: number, partsDone = 0, partsTotal = 0): void {
    this.onProgress({ phase, sentBytes, totalBytes: this.file.size, partsDone, partsTotal });
  }
}
