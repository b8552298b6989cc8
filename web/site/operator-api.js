// Calls to the key-protected API routes of the operator pages (review, stats). On Azure they answer 401
// without a function key; function-key.js then asks for it once and keeps it for this tab.
import { apiBase } from "../config.js";

export { fetchWithKey as keyedFetch } from "./function-key.js";

/** The API root without the anonymous /public twin: these routes always need the key on Azure. */
export const keyedApi = (path) => new URL(`${apiBase.replace(/\/$/, "").replace(/\/public$/, "")}${path}`, document.baseURI);

/** An RFC 9457 problem (or the status line) as one sentence. */
export async function problemText(response) {
  try {
    const problem = await response.json();
    return `${response.status}: ${problem.detail || problem.title}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}
