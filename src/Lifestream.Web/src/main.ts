import "./styles.css";
import { auth } from "./api";
import { h } from "./dom";
import { jobPage } from "./pages/job";
import { jobsPage } from "./pages/jobs";
import { uploadPage } from "./pages/upload";

// Hash routes (#/upload, #/jobs, #/jobs/<id>): any static host serves them without rewrite rules.
const main = document.getElementById("main")!;
let leave: () => void = () => {};

function route(): void {
  leave();
  main.replaceChildren();
  const path = location.hash.replace(/^#/, "") || "/upload";
  const job = /^\/jobs\/([^/]+)$/.exec(path);
  let name: string;
  if (job) {
    name = "jobs";
    leave = jobPage(main, decodeURIComponent(job[1]!));
  } else if (path === "/jobs") {
    name = "jobs";
    leave = jobsPage(main);
  } else {
    name = "upload";
    leave = uploadPage(main);
  }
  for (const link of document.querySelectorAll<HTMLAnchorElement>("[data-nav]")) {
    if (link.dataset["nav"] === name) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  document.title = `${main.querySelector("h1")?.textContent ?? "Lifestream"} · Lifestream`;
  main.focus({ preventScroll: true });
}

/** Sign-in state: with auth on, the API needs a bearer token (handed over in the fragment, or pasted). */
function renderAccount(signInNeeded = false): void {
  const account = document.getElementById("account")!;
  if (auth.token) {
    account.replaceChildren(h("button", { type: "button", class: "button subtle", id: "sign-out", onclick: () => { auth.set(null); renderAccount(); route(); } }, "Sign out"));
    return;
  }
  if (!signInNeeded) {
    account.replaceChildren();
    return;
  }
  const field = h("input", { type: "password", id: "token", name: "token", autocomplete: "off", required: true, "aria-describedby": "token-help" });
  const form = h(
    "form",
    { class: "sign-in", id: "sign-in" },
    h("label", { for: "token" }, "Access token"),
    field,
    h("button", { type: "submit", class: "button primary" }, "Sign in"),
    h("p", { id: "token-help", class: "hint" }, "This deployment requires sign-in: paste an access token from your identity provider."),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    auth.set(field.value.trim());
    renderAccount();
    route();
  });
  account.replaceChildren(form);
  field.focus();
}

// The skip link must not change the hash (that is the route): it only moves focus.
document.querySelector(".skip-link")?.addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});
auth.adoptFromFragment();
auth.onUnauthorized(() => {
  auth.set(null);
  renderAccount(true);
});
renderAccount();
window.addEventListener("hashchange", () => {
  if (!auth.adoptFromFragment()) {
    route();
  } else {
    renderAccount();
    route();
  }
});
route();
