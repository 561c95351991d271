import { ApiProblem, auth, deleteJob, getDocumentText, getIfChanged, resolveLink, type Job } from "../api";
import { announce, h } from "../dom";
import { clock, dateTime, percent, spokenDuration } from "../format";
import { stageLabel, stageTimeline, statusLabel } from "../stages";
import { emptyReasons, isExtractive, speakerSlots, type Summary } from "../summary";
import { statusBadge } from "./jobs";

const pollMs = 1500;

/** One job: its stage timeline while it runs; once done its summary, transcript, video and documents. */
export function jobPage(main: HTMLElement, jobId: string): () => void {
  const path = `/api/v1/jobs/${encodeURIComponent(jobId)}`;
  const head = h("div", { class: "job-head" });
  const timeline = h("section", { class: "stage-timeline", "aria-labelledby": "stages-title" });
  const result = h("div", { class: "job-result" });
  const error = h("p", { class: "error", role: "alert", hidden: true });
  main.append(h("p", { class: "crumbs" }, h("a", { href: "#/jobs" }, "← All jobs")), head, error, timeline, result);

  const controller = new AbortController();
  let etag: string | undefined;
  let timer: number | undefined;
  let shownSummary = false;
  let lastStatus = "";

  const poll = async () => {
    try {
      const changed = await getIfChanged<Job>(path, etag, "Loading the job", controller.signal);
      if (changed) {
        etag = changed.etag;
        const job = changed.value;
        renderHead(head, job, () => onDelete(job));
        renderTimeline(timeline, job);
        if (lastStatus && lastStatus !== job.status) {
          announce(`Job ${statusLabel(job.status)}.`);
        }
        lastStatus = job.status;
        if (job.status === "succeeded" && !shownSummary) {
          shownSummary = true;
          await renderResult(result, job, controller.signal);
        } else if (job.terminal && job.status !== "succeeded") {
          result.replaceChildren(failure(job));
        } else if (job.status === "retrying") {
          result.replaceChildren(retrying(job));
        } else if (!job.terminal) {
          result.replaceChildren();
        }
        if (job.terminal) {
          return;
        }
      }
      error.hidden = true;
      timer = window.setTimeout(poll, pollMs);
    } catch (caught) {
      if (controller.signal.aborted) {
        return;
      }
      error.textContent = caught instanceof ApiProblem ? caught.message : String(caught);
      error.hidden = false;
      if (!(caught instanceof ApiProblem) || caught.status === 0 || caught.status >= 500) {
        timer = window.setTimeout(poll, pollMs * 4);
      }
    }
  };

  const onDelete = async (job: Job) => {
    if (!window.confirm(`Delete ${job.file_name} with its results? This cannot be undone.`)) {
      return;
    }
    try {
      await deleteJob(path);
      location.hash = "#/jobs";
    } catch (caught) {
      error.textContent = caught instanceof ApiProblem ? caught.message : String(caught);
      error.hidden = false;
    }
  };

  void poll();
  return () => {
    controller.abort();
    window.clearTimeout(timer);
  };
}

function renderHead(head: HTMLElement, job: Job, onDelete: () => void): void {
  const progress = job.terminal ? null : h("progress", { max: 1, value: job.progress, id: "job-progress", "aria-label": `Progress ${percent(job.progress)}` });
  head.replaceChildren(
    h("h1", { id: "job-title" }, job.file_name),
    h(
      "div",
      { class: "job-meta" },
      statusBadge(job),
      progress,
      h("span", {}, `Created ${dateTime(job.created_at)}`),
      job.attempts > 1 ? h("span", {}, `Attempt ${job.attempts}`) : null,
      job.terminal ? h("button", { type: "button", class: "button subtle danger", onclick: onDelete }, "Delete") : null,
    ),
  );
}

function renderTimeline(section: HTMLElement, job: Job): void {
  const stages = stageTimeline(job.timings, job.stage, job.status);
  const done = job.status === "succeeded";
  const items = stages
    .filter((s) => !done || s.state === "done")
    .map((s) =>
      h(
        "li",
        { class: `stage ${s.state}`, "data-stage": s.stage, "aria-current": s.state === "current" ? "step" : null },
        h("span", { class: "stage-dot", "aria-hidden": "true" }),
        h("span", { class: "stage-name" }, stageLabel(s.stage)),
        h("span", { class: "stage-time" }, s.seconds !== undefined ? `${s.seconds < 10 ? s.seconds.toFixed(1) : Math.round(s.seconds)} s` : s.state === "current" ? "running…" : s.state === "failed" ? "failed" : ""),
      ),
    );
  if (done) {
    const total = Math.round(Object.values(job.timings).reduce((a, b) => a + b, 0));
    section.replaceChildren(h("details", {}, h("summary", { id: "stages-title" }, `Processing stages (${total} s of stage time)`), h("ol", { class: "stages" }, ...items)));
  } else {
    section.replaceChildren(h("h2", { id: "stages-title" }, "Progress"), h("ol", { class: "stages" }, ...items));
  }
}

/** An attempt failed transiently: say why and when the next one is due (the job is not over). */
function retrying(job: Job): HTMLElement {
  return h(
    "section",
    { class: "card retrying" },
    h("h2", {}, `Retrying: attempt ${job.attempts} did not finish`),
    h("p", { id: "job-retry" }, `${job.error ?? "The attempt stopped without a reason."}${job.retry_at ? ` Next attempt from ${dateTime(job.retry_at)}.` : ""}`),
  );
}

function failure(job: Job): HTMLElement {
  return h(
    "section",
    { class: "card failure" },
    h("h2", {}, `${statusLabel(job.status)}${job.stage ? ` at ${stageLabel(job.stage)}` : ""}`),
    h("p", { id: "job-error" }, job.error ?? "The job stopped without a reason."),
    job.status === "rejected" ? h("p", { class: "hint" }, "The upload itself was refused, so it is not retried: upload a file within the limits instead.") : null,
  );
}

async function renderResult(container: HTMLElement, job: Job, signal: AbortSignal): Promise<void> {
  if (!job.links.summary_json) {
    container.replaceChildren(h("p", { class: "empty" }, "The job succeeded but wrote no summary.json."));
    return;
  }
  const summary = JSON.parse(await getDocumentText(job.links.summary_json, "Loading the summary")) as Summary;
  if (signal.aborted) {
    return;
  }
  const reasons = emptyReasons(summary);
  const slots = speakerSlots(summary);
  const player = videoPlayer(job);
  const seek = (seconds: number) => player.seek(seconds);

  const transcript = transcriptSection(summary, slots, seek, reasons.transcript);
  player.element.addEventListener("timeupdate", () => transcript.follow(player.element.currentTime));

  container.replaceChildren(
    h(
      "div",
      { class: "result-grid" },
      h("div", { class: "media-column" }, player.wrapper, timelinePicture(job)),
      h("div", { class: "summary-column" }, overviewSection(summary, slots, seek), chaptersSection(summary, seek, reasons.chapters)),
    ),
    speakersSection(summary, slots, reasons.speakers),
    actionItemsSection(summary, slots, seek, reasons.actionItems),
    transcript.section,
    scenesSection(summary, job, seek, reasons.scenes),
    downloadsSection(job),
  );
}

function timeButton(seconds: number, seek: (s: number) => void, label?: string): HTMLButtonElement {
  return h("button", { type: "button", class: "time", "data-seek": seconds, "aria-label": `Play from ${spokenDuration(seconds)}${label ? `: ${label}` : ""}`, onclick: () => seek(seconds) }, clock(seconds));
}

function videoPlayer(job: Job): { wrapper: HTMLElement; element: HTMLVideoElement; seek: (seconds: number) => void } {
  const video = h("video", { id: "player", controls: true, preload: "metadata", playsinline: true });
  const note = h("p", { class: "hint", hidden: true });
  const wrapper = h("section", { class: "player", "aria-label": "Video" }, video, note);
  let pendingSeek: number | undefined;
  const load = async (resumeAt?: number) => {
    try {
      video.src = await resolveLink(job.links.video, "Loading the video");
      if (resumeAt !== undefined) {
        pendingSeek = resumeAt;
      }
    } catch (caught) {
      note.textContent = caught instanceof ApiProblem ? `The video cannot be played: ${caught.message}` : "The video cannot be played.";
      note.hidden = false;
    }
  };
  video.addEventListener("loadedmetadata", () => {
    if (pendingSeek !== undefined) {
      video.currentTime = pendingSeek;
      pendingSeek = undefined;
    }
  });
  // Presigned links are short-lived: when one expires mid-session, fetch a new one and carry on.
  let retried = false;
  video.addEventListener("error", () => {
    if (!retried) {
      retried = true;
      void load(video.currentTime);
    }
  });
  video.addEventListener("playing", () => {
    retried = false;
  });
  void load();
  return {
    wrapper,
    element: video,
    seek: (seconds: number) => {
      if (video.readyState >= HTMLMediaElement.HAVE_METADATA) {
        video.currentTime = seconds;
      } else {
        pendingSeek = seconds;
      }
      void video.play().catch(() => {
        // Autoplay may be refused (no user gesture recorded yet); the position is still set.
      });
      video.focus({ preventScroll: true });
    },
  };
}

function section(id: string, title: string, ...children: (Node | string | null)[]): HTMLElement {
  return h("section", { class: "card", id, "aria-labelledby": `${id}-title` }, h("h2", { id: `${id}-title` }, title), ...children);
}

function overviewSection(summary: Summary, slots: Map<string, number>, seek: (s: number) => void): HTMLElement {
  const method = isExtractive(summary)
    ? h("p", { class: "note", id: "summary-method" }, "No LLM summarizer is configured for this deployment: the overview and chapters quote the most central sentences of the transcript (extractive, TextRank) instead of rewriting them.")
    : h("p", { class: "note", id: "summary-method" }, "Written by the configured LLM summarizer from the transcript.");
  const overview = summary.summary.overview.trim()
    ? h("p", { class: "overview" }, summary.summary.overview)
    : h("p", { class: "empty" }, summary.segments.length === 0 ? "No speech was recognised, so there is nothing to summarise." : "The summarizer produced no overview.");
  const highlights = summary.summary.highlights.length
    ? h("ul", { class: "highlights" }, ...summary.summary.highlights.map((hl) => h("li", {}, timeButton(hl.start, seek), " ", h("span", { class: `speaker-tag speaker-${slots.get(hl.speaker) ?? 0}` }, hl.speaker), " ", hl.text)))
    : null;
  const warnings = summary.warnings.length ? h("ul", { class: "warnings", "aria-label": "Warnings" }, ...summary.warnings.map((w) => h("li", {}, w))) : null;
  return section("overview", "Overview", h("p", { class: "media-facts" }, `${clock(summary.media.durationSeconds)} · ${summary.speakers.length} speaker${summary.speakers.length === 1 ? "" : "s"} · ${summary.scenes.length} scene${summary.scenes.length === 1 ? "" : "s"}`), overview, method, highlights, warnings);
}

function chaptersSection(summary: Summary, seek: (s: number) => void, empty: string): HTMLElement {
  if (summary.chapters.length === 0) {
    return section("chapters", "Chapters", h("p", { class: "empty" }, empty));
  }
  return section(
    "chapters",
    "Chapters",
    h("ol", { class: "chapters" }, ...summary.chapters.map((c) => h("li", {}, timeButton(c.start, seek, c.title), " ", h("strong", {}, c.title), h("p", {}, c.summary)))),
  );
}

function speakersSection(summary: Summary, slots: Map<string, number>, empty: string): HTMLElement {
  if (summary.speakers.length === 0) {
    return section("speakers", "Speakers", h("p", { class: "empty" }, empty));
  }
  const total = summary.speakers.reduce((a, s) => a + s.talkSeconds, 0) || 1;
  return section(
    "speakers",
    "Speakers",
    h(
      "table",
      { class: "speakers" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Speaker"), h("th", { scope: "col" }, "Talk time"), h("th", { scope: "col" }, "Share"), h("th", { scope: "col" }, "Words"), h("th", { scope: "col" }, "Turns"))),
      h(
        "tbody",
        {},
        ...summary.speakers.map((s) =>
          h(
            "tr",
            { "data-speaker": s.id },
            h("th", { scope: "row" }, h("span", { class: `speaker-tag speaker-${slots.get(s.id) ?? 0}` }, s.id)),
            h("td", {}, clock(s.talkSeconds)),
            h("td", {}, h("meter", { min: 0, max: 1, value: s.talkSeconds / total, class: `speaker-${slots.get(s.id) ?? 0}`, "aria-label": `${s.id} share of talk time` }), ` ${percent(s.talkSeconds / total)}`),
            h("td", {}, String(s.wordCount)),
            h("td", {}, String(s.turns)),
          ),
        ),
      ),
    ),
  );
}

function actionItemsSection(summary: Summary, slots: Map<string, number>, seek: (s: number) => void, empty: string): HTMLElement {
  if (summary.actionItems.length === 0) {
    return section("action-items", "Action items", h("p", { class: "empty" }, empty));
  }
  return section(
    "action-items",
    "Action items",
    h(
      "ul",
      { class: "action-items" },
      ...summary.actionItems.map((a) => h("li", {}, timeButton(a.start, seek), " ", h("span", { class: `speaker-tag speaker-${slots.get(a.speaker) ?? 0}` }, a.speaker), " ", a.text)),
    ),
  );
}

function transcriptSection(summary: Summary, slots: Map<string, number>, seek: (s: number) => void, empty: string): { section: HTMLElement; follow: (t: number) => void } {
  if (summary.segments.length === 0) {
    return { section: section("transcript", "Transcript", h("p", { class: "empty", id: "transcript-empty" }, empty)), follow: () => {} };
  }
  const lines = summary.segments.map((s, index) =>
    h(
      "li",
      { class: `line speaker-${slots.get(s.speaker) ?? 0}`, "data-index": index },
      h(
        "button",
        { type: "button", class: "line-button", "data-start": s.start, "aria-label": `${s.speaker} at ${spokenDuration(s.start)}: ${s.text}. Play from here.`, onclick: () => seek(s.start) },
        h("span", { class: "line-time" }, clock(s.start)),
        h("span", { class: "speaker-tag" }, s.speaker),
        h("span", { class: "line-text" }, s.text),
      ),
    ),
  );
  let current: HTMLElement | undefined;
  const follow = (t: number) => {
    const index = summary.segments.findIndex((s) => t >= s.start && t < s.end);
    const line = index >= 0 ? lines[index] : undefined;
    if (line !== current) {
      current?.removeAttribute("aria-current");
      line?.setAttribute("aria-current", "true");
      current = line;
    }
  };
  return { section: section("transcript", "Transcript", h("ol", { class: "transcript", id: "transcript-lines" }, ...lines)), follow };
}

function scenesSection(summary: Summary, job: Job, seek: (s: number) => void, empty: string): HTMLElement {
  if (summary.scenes.length === 0) {
    return section("scenes", "Scenes", h("p", { class: "empty" }, empty));
  }
  const figures = summary.scenes.map((scene) => {
    const figure = h(
      "li",
      { class: "scene" },
      h("button", { type: "button", class: "scene-button", "aria-label": `Scene ${scene.index}, from ${spokenDuration(scene.start)}. Play from here.`, onclick: () => seek(scene.start) }, h("span", { class: "scene-placeholder" }, `Scene ${scene.index}`)),
      h("p", { class: "scene-caption" }, `Scene ${scene.index} · ${clock(scene.start)}–${clock(scene.end)}`),
    );
    const link = scene.keyframe ? job.links.documents[scene.keyframe] : undefined;
    if (link) {
      void resolveLink(link, `Loading keyframe ${scene.index}`).then(
        (url) => figure.querySelector(".scene-button")!.replaceChildren(h("img", { src: url, alt: `Keyframe of scene ${scene.index}`, width: 320, height: 180 })),
        () => figure.querySelector(".scene-placeholder")!.append(" (keyframe unavailable)"),
      );
    }
    return figure;
  });
  return section("scenes", "Scenes", h("ol", { class: "scenes" }, ...figures));
}

function timelinePicture(job: Job): HTMLElement | null {
  const link = job.links.documents["timeline.png"];
  if (!link) {
    return null;
  }
  const figure = h("figure", { class: "timeline-picture" }, h("figcaption", {}, "Timeline: speakers and scenes over time"));
  void resolveLink(link, "Loading the timeline").then(
    (url) => figure.prepend(h("img", { src: url, alt: "Timeline of who spoke when and the scene cuts", id: "timeline-image" })),
    () => figure.append(h("p", { class: "empty" }, "The timeline picture could not be loaded.")),
  );
  return figure;
}

const documentDescriptions: Record<string, string> = {
  "summary.json": "Everything, machine-readable (JSON)",
  "summary.md": "Readable report (Markdown)",
  "transcript.vtt": "Subtitles (WebVTT)",
  "transcript.srt": "Subtitles (SubRip)",
  "diarization.rttm": "Who spoke when (RTTM)",
  "timeline.png": "Timeline picture (PNG)",
  "failure_report.json": "Failure report (JSON)",
};

function downloadsSection(job: Job): HTMLElement {
  const names = Object.keys(job.links.documents).sort((a, b) => Number(a.includes("/")) - Number(b.includes("/")) || a.localeCompare(b));
  const items = names.map((name) => {
    const path = job.links.documents[name]!;
    const link = h("a", { href: path, class: "download", "data-document": name, rel: "noopener", target: "_blank" }, name);
    // With auth on the link needs the bearer token, which a plain navigation cannot send.
    link.addEventListener("click", (event) => {
      if (!auth.token) {
        return;
      }
      event.preventDefault();
      void resolveLink(path, `Downloading ${name}`).then((url) => window.open(url, "_blank", "noopener"));
    });
    return h("li", {}, link, h("span", { class: "hint" }, ` ${documentDescriptions[name] ?? (name.startsWith("keyframes/") ? "Keyframe (JPEG)" : "")}`));
  });
  return section("downloads", "Downloads", items.length ? h("ul", { class: "downloads" }, ...items) : h("p", { class: "empty" }, "This job stored no documents."));
}

