// Review queue: the images the model was unsure of, labelled by click or by number key, one after another.
import { element } from "./dom.js";
import { keyedApi, keyedFetch } from "./operator-api.js";
import { problemText } from "./problem.js";

const grid = document.getElementById("review-grid");
const status = document.getElementById("review-status");
const errorBox = document.getElementById("review-error");
const more = document.getElementById("review-more");
const NONE = "none";
let liveLabels = [];
let continuation = null;
// Each card's labels: those of the model version that answered it (a candidate may name them differently).
const cardLabels = new WeakMap();

const say = (text) => { status.textContent = text; };
const fail = (text) => { errorBox.textContent = text; };
const filter = () => document.querySelector("input[name=review-filter]:checked").value;
const keyOf = (index) => (index < 9 ? String(index + 1) : index === 9 ? "0" : null);
const stateText = { uncertain: "Uncertain", "out-of-domain": "Out of domain" };

async function getJson(path) {
  const response = await keyedFetch(keyedApi(path));
  if (!response.ok) throw new Error(await problemText(response));
  return response.json();
}

async function showImage(img, name) {
  const response = await keyedFetch(keyedApi(`/review/${encodeURIComponent(name)}/image`));
  if (!response.ok) { img.alt = `Image not available (${response.status})`; return; }
  img.src = URL.createObjectURL(await response.blob());
  img.addEventListener("load", () => URL.revokeObjectURL(img.src), { once: true });
}

function card(item) {
  const labels = item.labels || liveLabels;
  const li = element("li", "review-card");
  cardLabels.set(li, labels);
  li.tabIndex = 0;
  li.dataset.name = item.name;
  li.dataset.status = item.status;
  const img = element("img");
  img.alt = `Upload ${item.name}`;
  showImage(img, item.name);
  const top = element("ol");
  for (const p of item.predictions) top.append(element("li", "", `${p.label} ${(p.probability * 100).toFixed(1)} %`));
  const choices = element("div", "review-choices");
  [...labels, NONE].forEach((label, index) => {
    const key = label === NONE ? "n" : keyOf(index);
    const button = element("button", "", key ? `${key} ${label}` : label);
    button.type = "button";
    button.tabIndex = -1; // the card takes the keys; buttons are for the mouse
    button.dataset.label = label;
    button.addEventListener("click", () => review(li, label));
    choices.append(button);
  });
  // Shadow mode: live and the candidate gave different labels; the reviewer's label says which was right.
  const disagreement = item.reason === "disagreement"
    ? element("p", "review-disagreement", `Models disagree: live ${item.model.name}@${item.model.version} says ${item.label}, candidate ${item.candidateModel} says ${item.candidateLabel}`)
    : null;
  const verdict = element("p", "review-verdict", item.reviewedLabel ? `Labelled: ${item.reviewedLabel}` : "");
  if (item.reviewedLabel) li.classList.add("reviewed");
  li.setAttribute("aria-label", `${item.name}: ${stateText[item.status] || item.status}, model says ${item.label}`);
  li.append(img, element("p", "state", stateText[item.status] || item.status), top, ...(disagreement ? [disagreement] : []), choices, verdict);
  return li;
}

function cards() { return [...grid.querySelectorAll(".review-card")]; }

function focusNear(li) {
  const all = cards();
  const at = all.indexOf(li);
  (all[at + 1] || all[at - 1] || more)?.focus();
}

async function review(li, label) {
  errorBox.textContent = "";
  const response = await keyedFetch(keyedApi(`/review/${encodeURIComponent(li.dataset.name)}`), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ label }),
  });
  if (!response.ok) { fail(await problemText(response)); return; }
  const item = await response.json();
  say(`Labelled ${item.name} as ${item.reviewedLabel}.`);
  if (filter() === "reviewed") {
    li.querySelector(".review-verdict").textContent = `Labelled: ${item.reviewedLabel}`;
    return;
  }
  focusNear(li);
  li.remove();
  if (!cards().length) say(`Labelled ${item.name} as ${item.reviewedLabel}. Nothing left to review here.`);
}

async function load(append) {
  errorBox.textContent = "";
  const state = filter() === "reviewed" ? "reviewed" : "pending";
  const query = `/review?status=${state}&take=50${append && continuation ? `&continuation=${encodeURIComponent(continuation)}` : ""}`;
  try {
    if (!liveLabels.length) liveLabels = (await getJson("/model")).labels;
    const page = await getJson(query);
    if (!append) grid.replaceChildren();
    const wanted = ["all", "reviewed"].includes(filter()) ? page.items : page.items.filter((i) => i.status === filter());
    grid.append(...wanted.map(card));
    continuation = page.continuation;
    more.hidden = !continuation;
    const count = cards().length;
    say(count ? `${count} image${count === 1 ? "" : "s"} shown.` : "Nothing to review here.");
    if (!append) cards()[0]?.focus();
  } catch (error) {
    say("");
    fail(`Could not load the queue: ${error.message}`);
  }
}

grid.addEventListener("keydown", (event) => {
  const li = event.target.closest?.(".review-card");
  if (!li || event.altKey || event.ctrlKey || event.metaKey) return;
  const all = cards();
  const at = all.indexOf(li);
  if (["ArrowRight", "ArrowDown"].includes(event.key)) all[at + 1]?.focus();
  else if (["ArrowLeft", "ArrowUp"].includes(event.key)) all[at - 1]?.focus();
  else if (event.key === "n") review(li, NONE);
  else {
    const labels = cardLabels.get(li);
    const index = event.key === "0" ? 9 : Number.parseInt(event.key, 10) - 1;
    if (!(index >= 0 && index < labels.length)) return;
    review(li, labels[index]);
  }
  event.preventDefault();
});
for (const radio of document.querySelectorAll("input[name=review-filter]")) radio.addEventListener("change", () => load(false));
more.addEventListener("click", () => load(true));
load(false);
