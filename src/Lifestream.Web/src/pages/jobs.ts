import { ApiProblem, getJson, type Job, type JobList } from "../api";
import { h } from "../dom";
import { dateTime, percent } from "../format";
import { stageLabel, statusLabel, statusTone } from "../stages";

/** Polling intervals: quick while a job moves, slow when all are settled. */
const activePollMs = 2000;
const idlePollMs = 15000;
const pageSize = 20;

export function statusBadge(job: Pick<Job, "status">): HTMLElement {
  return h("span", { class: `badge ${statusTone(job.status)}`, "data-status": job.status }, statusLabel(job.status));
}

/** The caller's jobs, newest first, kept live by polling (the API only lists the caller's own jobs). */
export function jobsPage(main: HTMLElement): () => void {
  const body = h("tbody");
  const table = h(
    "table",
    { class: "jobs-table", id: "jobs-table" },
    h("caption", { class: "visually-hidden" }, "Your jobs, newest first"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Video"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Stage"), h("th", { scope: "col" }, "Created"))),
    body,
  );
  const empty = h("p", { class: "empty", hidden: true }, "No jobs yet. ", h("a", { href: "#/upload" }, "Upload a video"), " to start one.");
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const more = h("button", { type: "button", class: "button", hidden: true }, "Show older jobs");
  main.append(h("div", { class: "page-head" }, h("h1", {}, "Jobs"), h("a", { href: "#/upload", class: "button primary" }, "Upload")), error, table, empty, more);

  let pages = 1;
  let cursor: string | undefined;
  let timer: number | undefined;
  const controller = new AbortController();

  const render = (jobs: Job[]) => {
    body.replaceChildren(...jobs.map(jobRow));
    table.hidden = jobs.length === 0;
    empty.hidden = jobs.length > 0;
    more.hidden = !cursor;
  };

  const refresh = async () => {
    window.clearTimeout(timer);
    try {
      // Re-read the pages shown so far: statuses change on every page, not only the first.
      const jobs: Job[] = [];
      let next: string | undefined;
      for (let page = 0; page < pages; page++) {
        const query = new URLSearchParams({ limit: String(pageSize) });
        if (next) {
          query.set("cursor", next);
        }
        const list = await getJson<JobList>(`/api/v1/jobs?${query}`, "Loading your jobs", controller.signal);
        jobs.push(...list.jobs);
        next = list.next_cursor ?? undefined;
        if (!next) {
          break;
        }
      }
      cursor = next;
      error.hidden = true;
      render(jobs);
      timer = window.setTimeout(refresh, jobs.some((j) => !j.terminal) ? activePollMs : idlePollMs);
    } catch (caught) {
      if (controller.signal.aborted) {
        return;
      }
      error.textContent = caught instanceof ApiProblem ? caught.message : String(caught);
      error.hidden = false;
      timer = window.setTimeout(refresh, idlePollMs);
    }
  };
  more.addEventListener("click", () => {
    pages++;
    void refresh();
  });
  void refresh();
  return () => {
    controller.abort();
    window.clearTimeout(timer);
  };
}

function jobRow(job: Job): HTMLTableRowElement {
  const stage = job.terminal ? (job.status === "succeeded" ? "Done" : (job.stage ? `Stopped at ${stageLabel(job.stage)}` : "—")) : job.stage ? stageLabel(job.stage) : "Waiting";
  return h(
    "tr",
    { "data-job-id": job.job_id },
    h("td", {}, h("a", { href: `#/jobs/${encodeURIComponent(job.job_id)}` }, job.file_name)),
    h("td", {}, statusBadge(job), job.terminal ? null : h("progress", { max: 1, value: job.progress, "aria-label": `Progress ${percent(job.progress)}` })),
    h("td", {}, stage),
    h("td", {}, h("time", { datetime: job.created_at }, dateTime(job.created_at))),
  );
}
