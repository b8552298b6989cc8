// The deployed API's keyed routes (predict, uploads, predictions, review) answer 401 without a function
// key. fetchWithKey asks the visitor for one the first time that happens, keeps it in sessionStorage (this
// tab only, gone when it closes) and sends it in the x-functions-key header from then on. Any page can use
// it: `import { fetchWithKey } from "./function-key.js";`. Bodies must be re-sendable (Blob, File, string),
// since a refused request is sent again once there is a key.

const STORAGE_NAME = "classifier.functionKey";
const HEADER = "x-functions-key";

/** What a page can tell the visitor when they declined to give a key. */
export const KEY_DECLINED =
  "401 Unauthorized: this API needs a function key. Try again to enter one; docs/deploy.md says where to find it.";

export function storedKey() {
  try {
    return sessionStorage.getItem(STORAGE_NAME) ?? "";
  } catch {
    return ""; // storage disabled: ask again each time rather than fail
  }
}

function keep(key) {
  try {
    if (key) sessionStorage.setItem(STORAGE_NAME, key);
    else sessionStorage.removeItem(STORAGE_NAME);
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

function element(tag, properties = {}, ...children) {
  const el = Object.assign(document.createElement(tag), properties);
  el.append(...children);
  return el;
}

/** A modal dialog asking for the key; resolves with it, or with "" when the visitor cancels. */
function askForKey(refused) {
  return new Promise((resolve) => {
    const input = element("input", { type: "password", id: "function-key-input", autocomplete: "off", required: true });
    const dialog = element("dialog", { className: "function-key" },
      element("form", { method: "dialog" },
        element("h2", { id: "function-key-title" }, "Function key needed"),
        element("p", {}, refused
          ? "The API refused that key. Check it, or ask for a new one."
          : "The API asks for a function key. Whoever deployed it can list it with:"),
        element("pre", {}, element("code", {},
          "az functionapp keys list -g <resource group> -n <function app> --query functionKeys.default -o tsv")),
        element("p", {}, "It is kept in this tab only and sent to the API alone."),
        element("p", {}, element("label", { htmlFor: input.id }, "Function key"), " ", input),
        element("p", { className: "function-key-buttons" },
          element("button", { type: "submit", value: "use" }, "Use key"),
          element("button", { type: "submit", value: "cancel", formNoValidate: true }, "Cancel"))));
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

/** fetch that adds the kept key and, on a 401, asks for a key and tries again; returns the last response. */
export async function fetchWithKey(url, options = {}) {
  let key = storedKey();
  let response = await fetch(url, withKey(options, key));
  while (response.status === 401) {
    pending ??= askForKey(Boolean(key)).finally(() => { pending = null; });
    const given = await pending;
    if (!given) {
      if (key) keep(""); // the kept key was refused: do not send it again
      return response;
    }
    keep(given);
    key = given;
    response = await fetch(url, withKey(options, key));
  }
  return response;
}
