import { ApiProblem } from "../api";
import { announce, h } from "../dom";
import { bytes, percent } from "../format";
import { FileUpload, type UploadProgress } from "../upload";

/** Files uploaded at once; the rest wait their turn. */
const concurrentFiles = 2;

const phaseText: Record<UploadProgress["phase"], string> = {
  reserving: "Reserving…",
  uploading: "Uploading",
  completing: "Completing upload…",
  confirming: "Checking the video…",
  queued: "Queued for processing",
  failed: "Failed",
};

/** The upload page: drop zone or picker, a row per file with its own progress, error and retry. */
export function uploadPage(main: HTMLElement): () => void {
  const input = h("input", { type: "file", id: "file-input", class: "visually-hidden", multiple: true, accept: ".mp4,.mov,video/mp4,video/quicktime" });
  const list = h("ol", { class: "upload-list", "aria-label": "Uploads" });
  const zone = h(
    "div",
    { class: "drop-zone", id: "drop-zone" },
    h("p", { class: "drop-title" }, "Drop videos here"),
    h("p", {}, "or"),
    h("label", { for: "file-input", class: "button primary", tabindex: "0", role: "button", id: "choose-files" }, "Choose files…"),
    h("p", { class: "hint" }, "MP4 or MOV. Each file becomes its own job."),
  );
  main.append(
    h("h1", {}, "Upload videos"),
    h("p", { class: "lede" }, "Lifestream finds who spoke when and what they said, the scenes, chapters and action items."),
    zone,
    input,
    list,
  );

  const waiting: (() => Promise<void>)[] = [];
  let active = 0;
  const pump = () => {
    while (active < concurrentFiles && waiting.length > 0) {
      const next = waiting.shift()!;
      active++;
      void next().finally(() => {
        active--;
        pump();
      });
    }
  };

  const add = (files: Iterable<File>) => {
    for (const file of files) {
      const row = uploadRow(file, (start) => {
        waiting.push(start);
        pump();
      });
      list.append(row);
    }
  };

  input.addEventListener("change", () => {
    add(input.files ?? []);
    input.value = "";
  });
  const label = zone.querySelector("label")!;
  label.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      input.click();
    }
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    add(event.dataTransfer?.files ?? []);
  });

  // Leaving the page keeps the document (hash routing), so started uploads finish in the background and
  // their jobs appear on the jobs page.
  return () => {};
}

function uploadRow(file: File, schedule: (start: () => Promise<void>) => void): HTMLLIElement {
  const name = h("span", { class: "upload-name" }, file.name);
  const size = h("span", { class: "upload-size" }, bytes(file.size));
  const bar = h("progress", { max: 1, value: 0, "aria-label": `Upload progress of ${file.name}` });
  const state = h("span", { class: "upload-state" }, "Waiting…");
  const error = h("p", { class: "upload-error", role: "alert", hidden: true });
  const actions = h("div", { class: "upload-actions" });
  const row = h("li", { class: "upload-row" }, h("div", { class: "upload-head" }, name, size), bar, h("div", { class: "upload-status" }, state, actions), error);

  const upload = new FileUpload(file, (progress) => {
    const fraction = progress.totalBytes > 0 ? progress.sentBytes / progress.totalBytes : 1;
    bar.value = progress.phase === "reserving" ? 0 : fraction;
    const parts = progress.partsTotal > 0 ? ` · part ${Math.min(progress.partsDone + 1, progress.partsTotal)} of ${progress.partsTotal}` : "";
    state.textContent = progress.phase === "uploading" ? `${phaseText.uploading} ${percent(fraction)}${parts}` : phaseText[progress.phase];
    row.dataset["phase"] = progress.phase;
  });

  const start = async () => {
    error.hidden = true;
    actions.replaceChildren();
    row.dataset["phase"] = "reserving";
    try {
      const job = await upload.run();
      state.textContent = phaseText.queued;
      actions.replaceChildren(h("a", { href: `#/jobs/${encodeURIComponent(job.job_id)}`, class: "button" }, "Follow the job"));
      announce(`${file.name} uploaded and queued.`);
    } catch (caught) {
      if (caught instanceof DOMException && caught.name === "AbortError") {
        state.textContent = "Cancelled";
        row.dataset["phase"] = "failed";
        actions.replaceChildren(h("button", { type: "button", class: "button", onclick: () => schedule(start) }, "Retry"));
        return;
      }
      const problem = caught instanceof ApiProblem ? caught : new ApiProblem(0, "urn:lifestream:problem:client", "Something went wrong.", String(caught));
      row.dataset["phase"] = "failed";
      row.dataset["problem"] = problem.slug;
      state.textContent = phaseText.failed;
      error.textContent = problem.detail || problem.title;
      error.hidden = false;
      // Refusals of the file itself (type, size, name, not a video) cannot succeed on retry.
      const retryable = problem.status === 0 || problem.status >= 500 || problem.status === 403 || problem.status === 409;
      if (retryable) {
        actions.replaceChildren(h("button", { type: "button", class: "button", onclick: () => schedule(start) }, "Retry"));
      }
      announce(`${file.name}: ${error.textContent}`);
    }
  };
  actions.append(h("button", { type: "button", class: "button subtle", onclick: () => upload.cancel() }, "Cancel"));
  schedule(start);
  return row;
}
