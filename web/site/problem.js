// How every page tells the user what the API refused: an RFC 9457 problem, or whatever came back, as one sentence.

/** "413 Payload Too Large: <the problem's detail>", or the start of a body that is not a problem. */
export async function problemText(response) {
  let detail = "";
  try {
    const body = await response.text();
    try {
      const problem = JSON.parse(body);
      detail = problem.detail || problem.title || "";
    } catch {
      detail = body.slice(0, 300);
    }
  } catch {
    // The body could not be read; the status line below still says what went wrong.
  }
  return `${response.status} ${response.statusText || "error"}: ${detail || "the API gave no details."}`.trim();
}
