// Live demo: send an image to the classifier, directly or through the blob pipeline, and show the result.
import { apiBase } from "../config.js";
import { element } from "./dom.js";
import { fetchWithKey, KEY_DECLINED } from "./function-key.js";
import { problemText } from "./problem.js";

const POLL_INTERVAL_MS = 1000;
const POLL_TIMEOUT_MS = 60000;

const modelInfo = document.getElementById("demo-model");
const drop = document.getElementById("demo-drop");
const preview = document.getElementById("demo-preview");
const result = document.getElementById("demo-result");
const errorBox = document.getElementById("demo-error");
const apiUrl = (path) => new URL(`${apiBase.replace(/\/$/, "")}${path}`, document.baseURI);

/** An API failure with a sentence worth showing to the user. */
class ApiError extends Error {}

const percent = (p) => `${(p * 100).toFixed(1)} %`;
const ms = (value) => (typeof value === "number" ? `${value.toFixed(1)} ms` : "?");

/** fetch with the function key (asked for on a 401) that turns "network down" into a readable error. */
async function request(url, options) {
  try {
    return await fetchWithKey(url, options);
  } catch {
    throw new ApiError(`Could not reach the API at ${url.origin}${url.pathname}. Is it running?`);
  }
}

/** Reads an RFC 9457 problem (or whatever came back) into one sentence. */
async function problemOf(response) {
  return new ApiError(response.status === 401 ? KEY_DECLINED : await problemText(response));
}

async function json(response) {
  try {
    return await response.json();
  } catch {
    throw new ApiError(`The API answered ${response.status} but not with JSON.`);
  }
}

async function predictDirect(image) {
  const response = await request(apiUrl("/predict?top=3"), {
    method: "POST",
    headers: { "Content-Type": image.type || "application/octet-stream" },
    body: image,
  });
  if (!response.ok) throw await problemOf(response);
  return json(response);
}

async function predictThroughPipeline(image, say) {
  const upload = await request(apiUrl("/uploads"), {
    method: "POST",
    headers: { "Content-Type": image.type || "application/octet-stream" },
    body: image,
  });
  if (!upload.ok) throw await problemOf(upload);
  const { name, location } = await json(upload);
  const resultUrl = location ? new URL(location, apiUrl("/")) : apiUrl(`/predictions/${encodeURIComponent(name)}`);
  say(`Uploaded as ${name}; waiting for the blob trigger to classify it…`);

  const deadline = Date.now() + POLL_TIMEOUT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    const response = await request(resultUrl, { headers: { Accept: "application/json" } });
    if (response.status === 202) continue;
    if (!response.ok) throw await problemOf(response);
    return json(response);
  }
  throw new ApiError(`No result for ${name} after ${POLL_TIMEOUT_MS / 1000} s. The pipeline may be busy or stopped; try again later.`);
}

function showPrediction(prediction, roundTripMs) {
  result.replaceChildren();
  const top = prediction.predictions ?? [];
  if (prediction.status === "rejected") {
    result.append(element("p", "demo-status status-rejected", `Rejected: ${prediction.error || "the image could not be classified."}`));
    return;
  }
  if (prediction.status === "out-of-domain") {
    // The label of an image unlike the training data means little: say that first, the guess only after.
    result.append(element("p", "demo-status status-out-of-domain", "This does not look like anything the model was trained on."));
    result.append(element("p", "demo-guess",
      `The model's best guess, for what it is worth: ${prediction.label} (${percent(prediction.confidence)}).`));
  } else if (prediction.status === "uncertain") {
    result.append(element("p", "demo-status status-uncertain",
      `Not sure: a person should check this one. Best guess: ${prediction.label} (${percent(prediction.confidence)}).`));
  } else {
    result.append(element("p", "demo-status status-confident", `${prediction.label} (${percent(prediction.confidence)})`));
  }
  const list = element("ol", "demo-bars");
  for (const { label, probability } of top.slice(0, 3)) {
    const item = element("li");
    const bar = element("span", "bar");
    bar.style.setProperty("--p", `${Math.max(0, Math.min(1, probability)) * 100}%`);
    bar.setAttribute("aria-hidden", "true");
    item.append(element("span", "bar-label", label), bar, element("span", "bar-value", percent(probability)));
    list.append(item);
  }
  result.append(list);
  const { model = {}, timings = {}, outOfDomain } = prediction;
  const distance = outOfDomain ? ` · out-of-domain score ${outOfDomain.score.toFixed(2)} (threshold ${outOfDomain.threshold.toFixed(2)})` : "";
  result.append(element("p", "demo-meta",
    `Model ${model.name ?? "?"} ${model.version ?? ""} · preprocess ${ms(timings.preprocessMs)} · inference ${ms(timings.inferenceMs)} · ` +
    `server total ${ms(timings.totalMs)} · round trip ${ms(roundTripMs)}${distance}`));
}

let busy = false;

async function classify(image) {
  if (busy) return;
  busy = true;
  errorBox.replaceChildren();
  if (preview.src) URL.revokeObjectURL(preview.src);
  preview.src = URL.createObjectURL(image);
  preview.alt = `The image sent: ${image.name || "pasted image"}`;
  preview.hidden = false;
  const say = (text) => result.replaceChildren(element("p", "demo-progress", text));
  say("Classifying…");
  // Beside the quiz the demo scrolls on its own; bring the answer into view where it will appear.
  result.scrollIntoView({ block: "nearest" });
  const started = performance.now();
  try {
    const mode = document.querySelector('input[name="demo-mode"]:checked')?.value;
    const prediction = mode === "pipeline" ? await predictThroughPipeline(image, say) : await predictDirect(image);
    showPrediction(prediction, performance.now() - started);
  } catch (error) {
    result.replaceChildren();
    errorBox.replaceChildren(element("p", "", error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`));
  } finally {
    busy = false;
  }
}

async function showModel() {
  try {
    const response = await request(apiUrl("/model"), { headers: { Accept: "application/json" } });
    if (!response.ok) throw await problemOf(response);
    const model = await json(response);
    modelInfo.textContent = `Model: ${model.name} ${model.version} · ${model.labels?.length ?? "?"} labels`;
  } catch (error) {
    modelInfo.textContent = `Model: unknown (${error.message})`;
  }
}

const firstFile = (list) => [...(list ?? [])].find((file) => file instanceof File);

for (const input of document.querySelectorAll('.demo input[type="file"]')) {
  input.addEventListener("change", () => {
    const file = firstFile(input.files);
    if (file) classify(file);
    input.value = ""; // choosing the same file again should classify it again
  });
}

drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("dragging");
});
drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("dragging");
  const file = firstFile(event.dataTransfer?.files);
  if (file) classify(file);
});

document.addEventListener("paste", (event) => {
  // Pasting into the quiz's answer boxes is typing, not a demo upload.
  if (event.target instanceof HTMLTextAreaElement) return;
  const file = firstFile(event.clipboardData?.files);
  if (file) {
    event.preventDefault();
    classify(file);
  }
});

for (const button of document.querySelectorAll("[data-example]")) {
  button.addEventListener("click", async () => {
    const url = new URL(button.dataset.example, document.baseURI);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const blob = await response.blob();
      classify(new File([blob], url.pathname.split("/").pop(), { type: blob.type || "image/png" }));
    } catch (error) {
      errorBox.replaceChildren(element("p", "", `Could not load the example image ${url.pathname}: ${error.message}`));
    }
  });
}

showModel();
