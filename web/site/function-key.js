// The deployed API's keyed routes answer 401 without a key. There are two kinds (docs/deploy.md): the demo's
// function key, which opens predict, uploads and predictions only, and the operator's master key, which the
// review and stats routes (admin level) need. fetchWithKey asks for the right one the first time a route
// refuses, keeps it in sessionStorage (this tab only, gone when it closes) and sends it in the
// x-functions-key header from then on. Any page can use it: `import { fetchWithKey } from "./function-key.js";`.
// Bodies must be re-sendable (Blob, File, string), since a refused request is sent again once there is a key.

import { element } from "./dom.js";

const HEADER = "x-functions-key";

/** The key the demo's operator hands to visitors: a function key named "demo" on the demo's functions. */
export const DEMO_KEY = {
  storage: "classifier.functionKey",
  title: "Function key needed",
  label: "Function key",
  ask: "The API asks for the demo's function key. Whoever deployed it can list it with:",
  command: "az functionapp function keys list -g <resource group> -n <function app> --function-name Predict --query demo -o tsv",
};

/** The operator's key for the review and monitoring routes: the host's master key, never given to visitors. */
export const OPERATOR_KEY = {
  storage: "classifier.operatorKey",
  title: "Operator key needed",
  label: "Master key",
  ask: "Review and stats are operator routes: they need the function app's master key, which its owner lists with:",
  command: "az functionapp keys list -g <resource group> -n <function app> --query masterKey -o tsv",
};

/** What a page can tell the visitor when they declined to give a key. */
export const KEY_DECLINED =
  "401 Unauthorized: this API needs a function key. Try again to enter one; docs/deploy.md says where to find it.";

export function storedKey(kind = DEMO_KEY) {
  try {
    return sessionStorage.getItem(kind.storage) ?? "";
  } catch {
    return ""; // storage disabled: ask again each time rather than fail
  }
}

function keep(kind, key) {
  try {
    if (key) sessionStorage.setItem(kind.storage, key);
    else sessionStorage.removeItem(kind.storage);
  } catch {
    // storage disabled: the key lives for this request only
  }
}

function withKey(options, key) {
  if (!key) return options;
  const headers = new Headers(options.headers);
  headers.set(HEADER, key);
  return { ...options, headers };
}

/** A modal dialog asking for the key; resolves with it, or with "" when the visitor cancels. */
function askForKey(kind, refused) {
  return new Promise((resolve) => {
    const input = Object.assign(element("input"), { type: "password", id: "function-key-input", autocomplete: "off", required: true });
    const button = (value, text, more) => Object.assign(element("button", "", text), { type: "submit", value, ...more });
    const form = Object.assign(element("form", "",
      Object.assign(element("h2", "", kind.title), { id: "function-key-title" }),
      element("p", "", refused ? "The API refused that key. Check it, or ask for a new one." : kind.ask),
      element("pre", "", element("code", "", kind.command)),
      element("p", "", "It is kept in this tab only and sent to the API alone."),
      element("p", "", Object.assign(element("label", "", kind.label), { htmlFor: input.id }), " ", input),
      element("p", "function-key-buttons", button("use", "Use key"), button("cancel", "Cancel", { formNoValidate: true }))),
    { method: "dialog" });
    const dialog = element("dialog", "function-key", form);
    dialog.setAttribute("aria-labelledby", "function-key-title");
    dialog.addEventListener("close", () => {
      const key = dialog.returnValue === "use" ? input.value.trim() : "";
      dialog.remove();
      resolve(key);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

let pending = null; // one dialog at a time, shared by requests refused together

/** fetch that adds the kept key of this kind and, on a 401, asks for one and tries again; returns the last response. */
export async function fetchWithKey(url, options = {}, kind = DEMO_KEY) {
  let key = storedKey(kind);
  let response = await fetch(url, withKey(options, key));
  while (response.status === 401) {
    pending ??= askForKey(kind, Boolean(key)).finally(() => { pending = null; });
    const given = await pending;
    if (!given) {
      if (key) keep(kind, ""); // the kept key was refused: do not send it again
      return response;
    }
    keep(kind, given);
    key = given;
    response = await fetch(url, withKey(options, key));
  }
  return response;
}
