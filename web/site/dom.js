// The one DOM helper the site's scripts share.

/**
 * A new element with an optional class and content: strings are added as text (never as HTML), nodes as
 * children; undefined and null add nothing. Set other properties with Object.assign(element(...), {...}).
 */
export function element(tag, className, ...content) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.append(...content.filter((part) => part !== undefined && part !== null));
  return el;
}
