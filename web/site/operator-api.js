// Calls to the operator routes of the operator pages (review, stats). On Azure they are admin level and
// answer 401 without the master key; function-key.js then asks for it once and keeps it for this tab, apart
// from the demo's key, which these routes refuse.
import { apiBase } from "../config.js";
import { fetchWithKey, OPERATOR_KEY } from "./function-key.js";

/** fetch with the operator's (master) key. */
export const keyedFetch = (url, options = {}) => fetchWithKey(url, options, OPERATOR_KEY);

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
