// Calls to the key-protected API routes (review, stats). On Azure they answer 401 without a function key:
// the page then asks for it once and keeps it in sessionStorage, so it lives as long as this tab.
import { apiBase } from "../config.js";

const STORE = "classifier-function-key";
const form = document.getElementById("api-key");
const input = document.getElementById("api-key-input");
let waiting = null;

/** The API root without the anonymous /public twin: these routes always need the key on Azure. */
export const keyedApi = (path) => new URL(`${apiBase.replace(/\/$/, "").replace(/\/public$/, "")}${path}`, document.baseURI);

function askForKey() {
  waiting ??= new Promise((resolve) => {
    form.hidden = false;
    input.focus();
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(STORE, input.value.trim());
      form.hidden = true;
      waiting = null;
      resolve();
    }, { once: true });
  });
  return waiting;
}

/** fetch with the stored key; a 401 asks for the key and tries again. */
export async function keyedFetch(url, options = {}) {
  for (;;) {
    const headers = new Headers(options.headers);
    const key = sessionStorage.getItem(STORE);
    if (key) headers.set("x-functions-key", key);
    const response = await fetch(url, { ...options, headers });
    if (response.status !== 401 || !form) return response;
    sessionStorage.removeItem(STORE);
    await askForKey();
  }
}

/** An RFC 9457 problem (or the status line) as one sentence. */
export async function problemText(response) {
  try {
    const problem = await response.json();
    return `${response.status}: ${problem.detail || problem.title}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}
