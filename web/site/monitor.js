// Monitor: /api/stats drawn as inline SVG (label mix, unsure shares, drift with its alert line). No chart library.
import { element } from "./dom.js";
import { keyedApi, keyedFetch } from "./operator-api.js";
import { problemText } from "./problem.js";

const NS = "http://www.w3.org/2000/svg";
const W = 640, H = 220, LEFT = 44, BOTTOM = 24, TOP = 10;
const status = document.getElementById("monitor-status");
const errorBox = document.getElementById("monitor-error");
const days = document.getElementById("monitor-days");

function svg(tag, attributes, text) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes || {})) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

const colour = (index) => `hsl(${(index * 137) % 360} 60% 48%)`;
const pct = (v) => `${(v * 100).toFixed(1)} %`;

/** An empty chart with axes: x by day, y from 0 to max; returns the svg and the two scales. */
function frame(title, series, max, yLabel) {
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

function legend(entries) {
  const list = element("ul", "legend");
  for (const [name, fill] of entries) {
    const swatch = element("span", "swatch");
    swatch.style.background = fill;
    list.append(element("li", "", swatch, name));
  }
  return list;
}

function line(chart, points, stroke, name) {
  const drawn = points.filter((p) => p.v !== null);
  chart.append(svg("polyline", { fill: "none", stroke, "stroke-width": 2, class: "series", "data-series": name,
    points: drawn.map((p) => `${p.x},${p.y}`).join(" ") }));
  for (const p of drawn) {
    const dot = svg("circle", { cx: p.x, cy: p.y, r: 3, fill: stroke, "data-series": name });
    dot.append(svg("title", {}, p.label));
    chart.append(dot);
  }
}

function labelMix(series, box) {
  const labels = [...new Set(series.flatMap((d) => Object.keys(d.labels)))].sort();
  const { chart, x, y, step } = frame("Share of each label per day", series, 1, pct);
  series.forEach((day, i) => {
    const total = Object.values(day.labels).reduce((a, b) => a + b, 0);
    let base = 0;
    labels.forEach((label, k) => {
      const share = total ? (day.labels[label] || 0) / total : 0;
      if (!share) return;
      const bar = svg("rect", { class: "mix-segment", x: x(i) - step * 0.35, width: step * 0.7, y: y(base + share), height: y(base) - y(base + share), fill: colour(k) });
      bar.append(svg("title", {}, `${day.date} ${label}: ${day.labels[label]} (${pct(share)})`));
      chart.append(bar);
      base += share;
    });
  });
  box.replaceChildren(chart, legend(labels.map((l, k) => [l, colour(k)])));
}

function rates(series, box) {
  const max = Math.max(0.1, ...series.flatMap((d) => [d.uncertainRate, d.outOfDomainRate]));
  const { chart, x, y } = frame("Uncertain and out-of-domain share per day", series, max, pct);
  const points = (key) => series.map((d, i) => ({ x: x(i), y: y(d[key]), v: d.total ? d[key] : null, label: `${d.date}: ${pct(d[key])}` }));
  line(chart, points("uncertainRate"), colour(0), "uncertain");
  line(chart, points("outOfDomainRate"), colour(1), "out-of-domain");
  box.replaceChildren(chart, legend([["uncertain", colour(0)], ["out-of-domain", colour(1)]]));
}

function drift(stats, box) {
  if (!stats.baseline) {
    box.replaceChildren(element("p", "drift-note", `No drift figure: ${stats.note}.`));
    return;
  }
  const { alert } = stats.measure;
  const values = stats.series.map((d) => d.drift?.psi ?? null);
  const max = Math.max(alert * 1.5, ...values.filter((v) => v !== null));
  const { chart, x, y } = frame(`Population stability index of the label mix (alert above ${alert})`, stats.series, max, (v) => v.toFixed(2));
  chart.append(svg("line", { class: "alert", x1: LEFT, x2: W, y1: y(alert), y2: y(alert) }));
  chart.append(svg("text", { x: W - 4, y: y(alert) - 4, "text-anchor": "end" }, `alert ${alert}`));
  line(chart, values.map((v, i) => ({ x: x(i), y: y(v ?? 0), v, label: `${stats.series[i].date}: PSI ${v}` })), colour(2), "psi");
  box.replaceChildren(chart);
}

async function load() {
  errorBox.textContent = "";
  status.textContent = "Loading the counters…";
  try {
    const response = await keyedFetch(keyedApi(`/stats?days=${days.value}`));
    if (!response.ok) throw new Error(await problemText(response));
    const stats = await response.json();
    const total = stats.series.reduce((sum, d) => sum + d.total, 0);
    status.textContent = `${total} predictions in the last ${stats.days} days; drift is measured for ${stats.model.name} ${stats.model.version}.`;
    labelMix(stats.series, document.getElementById("chart-labels"));
    rates(stats.series, document.getElementById("chart-rates"));
    drift(stats, document.getElementById("chart-drift"));
  } catch (error) {
    status.textContent = "";
    errorBox.textContent = `Could not load the counters: ${error.message}`;
  }
}

days.addEventListener("change", load);
load();
