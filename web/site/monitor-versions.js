// The monitor's second half: the deployment's versions (live, the candidate, the previous one) side by side, from
// /api/stats' "deployment" section, with the record's changes marked on each day axis.
import { element } from "./dom.js";
import { colour, frame, legend, line, marks, pct, stackedBar } from "./monitor-charts.js";

const named = (v) => `${v.name}@${v.version}`;

function summary(deployment, box) {
  const table = document.createElement("table");
  table.className = "versions";
  const head = table.createTHead().insertRow();
  for (const title of ["version", "role", "answered", "scored in shadow", "accuracy on reviewed uploads (95 % interval)"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const v of deployment.versions) {
    const row = body.insertRow();
    row.dataset.version = named(v);
    const sum = (key) => v.series.reduce((total, d) => total + d[key], 0);
    const reviewed = v.reviewed
      ? `${pct(v.reviewed.accuracy.value)} (${pct(v.reviewed.accuracy.low)} to ${pct(v.reviewed.accuracy.high)}), ${v.reviewed.accuracy.correct} of ${v.reviewed.items}`
      : "none reviewed";
    for (const text of [named(v), v.role, sum("answered"), sum("shadowed"), reviewed]) row.insertCell().textContent = text;
  }
  // A wide table scrolls in its own box on a phone, reachable by keyboard, as the site's other tables do.
  const scroll = element("div", "table-scroll", table);
  scroll.tabIndex = 0;
  const mode = deployment.mode === "canary" ? `canary at ${deployment.canaryPercent} %` : deployment.mode;
  box.replaceChildren(element("p", "", `Mode: ${mode}. Accuracy counts only uploads a person reviewed, which are the ones a model was unsure of or the two disagreed on: lower than on all traffic, but the same images for every version.`), scroll);
}

function agreement(deployment, series, box) {
  const { chart, x, y, step } = frame("Agreement with live, and accuracy on reviewed uploads, per day", series, 1, pct);
  const entries = [];
  deployment.versions.forEach((v, k) => {
    if (v.series.some((d) => d.agreement !== null)) {
      const name = `agreement ${named(v)}`;
      line(chart, v.series.map((d, i) => ({ x: x(i), y: y(d.agreement ?? 0), v: d.agreement, label: `${d.date} ${named(v)} agreed with live on ${pct(d.agreement ?? 0)} of ${d.shadowed}` })), colour(2 * k), name);
      entries.push([name, colour(2 * k)]);
    }
    if (v.series.some((d) => d.reviewed > 0)) {
      const name = `reviewed accuracy ${named(v)}`;
      const share = (d) => (d.reviewed ? d.reviewedCorrect / d.reviewed : null);
      line(chart, v.series.map((d, i) => ({ x: x(i), y: y(share(d) ?? 0), v: share(d), label: `${d.date} ${named(v)}: ${d.reviewedCorrect} of ${d.reviewed} reviewed right` })), colour(2 * k + 1), name);
      entries.push([name, colour(2 * k + 1)]);
    }
  });
  marks(chart, series, deployment.marks, step);
  box.replaceChildren(chart, legend(entries));
}

function rates(deployment, series, box) {
  const values = deployment.versions.flatMap((v) => v.series.flatMap((d) => [d.uncertainRate ?? 0, d.outOfDomainRate ?? 0]));
  const { chart, x, y, step } = frame("Uncertain and out-of-domain share per version and day", series, Math.max(0.1, ...values), pct);
  const entries = [];
  deployment.versions.forEach((v, k) => {
    for (const [key, what, shade] of [["uncertainRate", "uncertain", 0], ["outOfDomainRate", "out-of-domain", 1]]) {
      const name = `${named(v)} ${what}`;
      line(chart, v.series.map((d, i) => ({ x: x(i), y: y(d[key] ?? 0), v: d[key], label: `${d.date} ${name}: ${pct(d[key] ?? 0)}` })), colour(2 * k + shade), name);
      entries.push([name, colour(2 * k + shade)]);
    }
  });
  marks(chart, series, deployment.marks, step);
  box.replaceChildren(chart, legend(entries));
}

function labelMix(deployment, series, box) {
  const versions = deployment.versions;
  const labels = [...new Set(versions.flatMap((v) => v.series.flatMap((d) => Object.keys(d.labels))))].sort();
  const { chart, x, y, step } = frame("Share of each label per day, one bar per version (left to right as in the table)", series, 1, pct);
  const width = (step * 0.8) / versions.length;
  versions.forEach((v, k) => {
    v.series.forEach((day, i) =>
      stackedBar(chart, y, labels, day.labels, x(i) - step * 0.4 + k * width, width * 0.9, { "data-version": named(v) }, `${day.date} ${named(v)}`));
  });
  marks(chart, series, deployment.marks, step);
  box.replaceChildren(chart, legend(labels.map((l, c) => [l, colour(c)])));
}

/** Draws the versions section, or says why there is none (no storage, so no record). */
export function drawVersions(stats) {
  const box = document.getElementById("versions-summary");
  const charts = ["chart-agreement", "chart-version-rates", "chart-version-labels"].map((id) => document.getElementById(id));
  const deployment = stats.deployment;
  if (!deployment) {
    box.replaceChildren(element("p", "", "No deployment record: the app has no storage, so only its own model serves."));
    charts.forEach((chart) => chart.replaceChildren());
    return;
  }
  summary(deployment, box);
  agreement(deployment, stats.series, charts[0]);
  rates(deployment, stats.series, charts[1]);
  labelMix(deployment, stats.series, charts[2]);
}
