// The one DOM helper the site's scripts share.

/** A new element with an optional class and text (as text, never as HTML). */
export function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}
