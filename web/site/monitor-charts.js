// The monitor's drawing parts: inline SVG charts on a day axis, their legends and the deployment's marks. No chart library.
import { element } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
export const W = 640, H = 220, LEFT = 44, BOTTOM = 24, TOP = 10;

export function svg(tag, attributes, text) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes || {})) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

export const colour = (index) => `hsl(${(index * 137) % 360} 60% 48%)`;
export const pct = (v) => `${(v * 100).toFixed(1)} %`;

/** An empty chart with axes: x by day, y from 0 to max; returns the svg and the two scales. */
export function frame(title, series, max, yLabel) {
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title });
  chart.append(svg("title", {}, title));
  const step = (W - LEFT - 8) / Math.max(series.length, 1);
  const x = (i) => LEFT + step * i + step / 2;
  const y = (v) => H - BOTTOM - (v / max) * (H - BOTTOM - TOP);
  chart.append(svg("line", { class: "axis", x1: LEFT, y1: H - BOTTOM, x2: W, y2: H - BOTTOM }));
  chart.append(svg("line", { class: "axis", x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM }));
  chart.append(svg("text", { x: LEFT - 4, y: TOP + 8, "text-anchor": "end" }, yLabel(max)));
  chart.append(svg("text", { x: LEFT - 4, y: H - BOTTOM, "text-anchor": "end" }, yLabel(0)));
  const every = Math.ceil(series.length / 8);
  series.forEach((day, i) => {
    if (i % every === 0) chart.append(svg("text", { x: x(i), y: H - 6, "text-anchor": "middle" }, day.date.slice(5)));
  });
  return { chart, x, y, step };
}

export function legend(entries) {
  const list = element("ul", "legend");
  for (const [name, fill] of entries) {
    const swatch = element("span", "swatch");
    swatch.style.background = fill;
    list.append(element("li", "", swatch, name));
  }
  return list;
}

export function line(chart, points, stroke, name) {
  const drawn = points.filter((p) => p.v !== null);
  chart.append(svg("polyline", { fill: "none", stroke, "stroke-width": 2, class: "series", "data-series": name,
    points: drawn.map((p) => `${p.x},${p.y}`).join(" ") }));
  for (const p of drawn) {
    const dot = svg("circle", { cx: p.x, cy: p.y, r: 3, fill: stroke, "data-series": name });
    dot.append(svg("title", {}, p.label));
    chart.append(dot);
  }
}

/**
 * One day's label counts as a bar of stacked shares, one segment per label (coloured by its place in `labels`),
 * `left` to `left + width`; `attributes` go on every segment, `name` opens each segment's tooltip.
 */
export function stackedBar(chart, y, labels, counts, left, width, attributes, name) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  let base = 0;
  labels.forEach((label, c) => {
    const share = total ? (counts[label] || 0) / total : 0;
    if (!share) return;
    const bar = svg("rect", { class: "mix-segment", ...attributes, x: left, width, y: y(base + share), height: y(base) - y(base + share), fill: colour(c) });
    bar.append(svg("title", {}, `${name} ${label}: ${counts[label]} (${pct(share)})`));
    chart.append(bar);
    base += share;
  });
}

/**
 * The deployment record's changes as vertical lines at their moment on the day axis (a day's slot runs from its
 * midnight, UTC, to the next): promotes and rollbacks solid, the other changes dashed.
 */
export function marks(chart, series, changes, step) {
  for (const change of changes) {
    const at = new Date(change.at);
    const day = series.findIndex((d) => d.date === at.toISOString().slice(0, 10));
    if (day < 0) continue;
    const into = (at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds()) / 86400;
    const x = LEFT + step * (day + into);
    const mark = svg("line", { class: `mark mark-${change.action}`, "data-action": change.action, x1: x, x2: x, y1: TOP, y2: H - BOTTOM });
    const what = change.action === "promote" || change.action === "rollback" ? `live ${change.live}` : `candidate ${change.candidate ?? "none"}`;
    mark.append(svg("title", {}, `${at.toISOString().slice(0, 16).replace("T", " ")} UTC ${change.action}: ${what}, by ${change.changedBy}${change.forced ? " (gate overridden)" : ""}`));
    chart.append(mark);
    chart.append(svg("text", { class: "mark-label", x: x + 3, y: TOP + 8 }, change.action));
  }
}
