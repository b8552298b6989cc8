// Monitor: /api/stats drawn as inline SVG (label mix, unsure shares, drift with its alert line), then the
// deployment's versions side by side; the record's changes are marked on every day axis.
import { element } from "./dom.js";
import { keyedApi, keyedFetch } from "./operator-api.js";
import { problemText } from "./problem.js";
import { LEFT, W, colour, frame, legend, line, marks, pct, stackedBar, svg } from "./monitor-charts.js";
import { drawVersions } from "./monitor-versions.js";

const status = document.getElementById("monitor-status");
const errorBox = document.getElementById("monitor-error");
const days = document.getElementById("monitor-days");

function labelMix(series, changes, box) {
  const labels = [...new Set(series.flatMap((d) => Object.keys(d.labels)))].sort();
  const { chart, x, y, step } = frame("Share of each label per day", series, 1, pct);
  series.forEach((day, i) => stackedBar(chart, y, labels, day.labels, x(i) - step * 0.35, step * 0.7, {}, day.date));
  marks(chart, series, changes, step);
  box.replaceChildren(chart, legend(labels.map((l, k) => [l, colour(k)])));
}

function rates(series, changes, box) {
  const max = Math.max(0.1, ...series.flatMap((d) => [d.uncertainRate, d.outOfDomainRate]));
  const { chart, x, y, step } = frame("Uncertain and out-of-domain share per day", series, max, pct);
  const points = (key) => series.map((d, i) => ({ x: x(i), y: y(d[key]), v: d.total ? d[key] : null, label: `${d.date}: ${pct(d[key])}` }));
  line(chart, points("uncertainRate"), colour(0), "uncertain");
  line(chart, points("outOfDomainRate"), colour(1), "out-of-domain");
  marks(chart, series, changes, step);
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
    const changes = stats.deployment?.marks ?? [];
    labelMix(stats.series, changes, document.getElementById("chart-labels"));
    rates(stats.series, changes, document.getElementById("chart-rates"));
    drift(stats, document.getElementById("chart-drift"));
    drawVersions(stats);
  } catch (error) {
    status.textContent = "";
    errorBox.textContent = `Could not load the counters: ${error.message}`;
  }
}

days.addEventListener("change", load);
load();
