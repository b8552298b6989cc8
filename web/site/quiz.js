// Self-checking quiz: grade an answer against its key ideas, show per-idea feedback, self-grade into
// Leitner boxes for spaced review, keep progress in localStorage and move it between browsers as a file.
import { grade } from "./quiz-matching.js";
import { isDue, isoDate, schedule } from "./quiz-review.js";
import { exportProgress, importProgress, loadProgress, saveProgress } from "./quiz-progress.js";

// One record per quiz page; "/quiz/" and "/quiz/index.html" are the same page.
const page = location.pathname.replace(/index\.html$/, "");
const STORAGE_KEY = `study-quiz:${page}`;
const forms = [...document.querySelectorAll("form.quiz-question")];
const toolbar = document.querySelector(".quiz-toolbar");
const totals = document.getElementById("quiz-score");
const filter = document.getElementById("quiz-filter");
const status = document.getElementById("quiz-status");

let progress = loadProgress(STORAGE_KEY);
const today = () => isoDate(new Date());
const save = () => saveProgress(STORAGE_KEY, progress);
const entry = (form) => (progress[form.dataset.question] ??= { answer: "", checked: false });
const percent = (share) => `${Math.round(share * 100)} %`;

/** The question as the grader wants it, read from the form's data attributes. */
function questionOf(form) {
  const order = form.dataset.order?.split("-").map(Number);
  return { ideas: JSON.parse(form.dataset.keyIdeas), wrongIf: JSON.parse(form.dataset.wrongIf ?? "[]"), need: Number(form.dataset.need), pass: Number(form.dataset.pass), order };
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The words at `words` as the learner wrote them, in order, neighbours joined ("item_tfms … whole batch"). */
function quote(answer, words) {
  const parts = [];
  for (const w of [...words].sort((a, b) => a.start - b.start)) {
    const last = parts.at(-1);
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else if (last && /^[\s\-_'’]?$/.test(answer.slice(last.end, w.start))) last.end = w.end;
    else parts.push({ start: w.start, end: w.end });
  }
  return parts.map((p) => answer.slice(p.start, p.end)).join(" … ");
}

/** The answer again, with the words that earned (or lost) credit marked. */
function echo(answer, result) {
  const marks = [];
  const wrongWords = result.misconceptions.flatMap((wrong) => wrong.words.map((w) => ({ ...w, negated: true })));
  for (const mark of result.ideas.flatMap((idea) => idea.state === "missing" ? [] :
    idea.words.map((w) => ({ ...w, negated: idea.state !== "found" }))).concat(wrongWords).sort((a, b) => a.start - b.start)) {
    // Neighbouring words ("each image", "item" "_" "tfms") make one mark.
    const last = marks.at(-1);
    if (last && last.negated === mark.negated && /^[\s\-_'’]?$/.test(answer.slice(last.end, mark.start))) last.end = Math.max(last.end, mark.end);
    else marks.push({ ...mark });
  }
  const p = element("p", "quiz-echo");
  p.append(element("span", "quiz-echo-label", "Your answer: "));
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue;
    p.append(answer.slice(at, mark.start));
    p.append(element("mark", mark.negated ? "negated" : "", answer.slice(mark.start, mark.end)));
    at = mark.end;
  }
  p.append(answer.slice(at));
  return p;
}

function showFeedback(form) {
  const { answer } = entry(form);
  const question = questionOf(form);
  const feedback = form.querySelector(".quiz-feedback");
  feedback.replaceChildren();
  if (!answer.trim()) {
    delete form.dataset.score;
    feedback.append(element("p", "", "No answer yet: compare the reference answer below with what you would have said."));
    return;
  }
  const result = grade(answer, question);
  const passed = result.score >= question.pass;
  form.dataset.score = String(result.score);
  form.dataset.passed = String(passed);
  entry(form).score = result.score;

  const found = result.ideas.filter((idea) => idea.state === "found").length;
  feedback.append(element("p", `quiz-summary ${passed ? "passed" : "not-passed"}`,
    `Score ${percent(result.score)} (pass mark ${percent(question.pass)}): ${passed ? "passed" : "not passed yet"}. ` +
    `Your answer states ${found} of the ${question.ideas.length} key ideas; ${question.need} make a full answer.`));
  if (result.keywordList) {
    feedback.append(element("p", "quiz-keyword-list",
      "This reads as a list of keywords strung together. Say how they connect, in sentences, to earn full credit."));
  }
  const list = element("ul", "quiz-ideas");
  for (const wrong of result.misconceptions) {
    list.append(element("li", "idea-wrong", `Misconception (“${quote(answer, wrong.words)}”), so no credit: ${question.wrongIf[wrong.index].feedback}`));
  }
  result.ideas.forEach((idea, i) => {
    const { found: confirmation, hint, label } = question.ideas[i];
    const words = quote(answer, idea.words);
    if (idea.state === "found") {
      const item = element("li", "idea-found", `Found: ${confirmation ?? label}`);
      item.append(element("span", "idea-words", ` (your words: “${words}”)`));
      list.append(item);
    } else if (idea.state === "out-of-order") {
      list.append(element("li", "idea-negated", `Out of order (“${words}”): this step comes earlier or later. ${hint ?? label}`));
    } else if (idea.state === "negated") {
      list.append(element("li", "idea-negated",
        `Stated the other way round or negated (“${words}”), so not credited. ${hint ?? `Check: ${label}`}`));
    } else {
      list.append(element("li", "idea-missing", `Missing: ${hint ?? label}`));
    }
  });
  feedback.append(list, echo(answer, result));
}

function showReference(form) {
  const item = entry(form);
  const open = item.checked || item.revealed;
  const details = form.querySelector("details");
  details.hidden = !open;
  form.querySelector(".quiz-peek").hidden = open;
  return details;
}

function showGrade(form) {
  const item = entry(form);
  form.querySelector(".quiz-grade").hidden = !item.checked;
  for (const button of form.querySelectorAll("[data-grade]")) {
    button.setAttribute("aria-pressed", String(button.dataset.grade === item.grade));
  }
  form.dataset.grade = item.grade ?? "";
  const line = form.querySelector(".quiz-schedule");
  form.dataset.due = String(isDue(item, today()));
  if (!item.due) {
    line.textContent = "";
  } else if (isDue(item, today())) {
    line.textContent = `Due today (Leitner box ${item.box}).`;
  } else {
    line.textContent = `Next review: ${item.due} (Leitner box ${item.box}).`;
  }
}

const nothingDue = element("p", "quiz-nothing-due", "Nothing is due for review today. Untick the filter to see every question.");
nothingDue.hidden = true;
toolbar.after(nothingDue);

function applyFilter() {
  for (const form of forms) form.hidden = filter.checked && !isDue(entry(form), today());
  nothingDue.hidden = !(filter.checked && forms.every((form) => form.hidden));
}

function updateTotals() {
  const items = forms.map((form) => progress[form.dataset.question]);
  const attempted = items.filter((item) => item?.checked).length;
  const passed = forms.filter((form, i) => items[i]?.checked && (items[i].score ?? 0) >= Number(form.dataset.pass)).length;
  const due = items.filter((item) => item && isDue(item, today())).length;
  totals.textContent = `${forms.length} questions: passed ${passed} · attempted ${attempted} · not started ${forms.length - attempted} · due today ${due}`;
}

function render(form) {
  const item = entry(form);
  form.elements.answer.value = item.answer;
  form.querySelector(".quiz-feedback").replaceChildren();
  delete form.dataset.score;
  const details = showReference(form);
  details.open = item.checked;
  if (item.checked) showFeedback(form);
  showGrade(form);
}

function renderAll() {
  forms.forEach(render);
  applyFilter();
  updateTotals();
}

function check(form) {
  const item = entry(form);
  item.answer = form.elements.answer.value;
  item.checked = true;
  showFeedback(form);
  save();
  showReference(form).open = true;
  showGrade(form);
  updateTotals();
}

for (const form of forms) {
  form.querySelector(".quiz-actions").hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check(form);
  });
  form.elements.answer.addEventListener("keydown", (event) => {
    // Enter makes a new line; Ctrl+Enter (Cmd+Enter on a Mac) checks, as in most comment boxes.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check(form);
    }
  });
  form.elements.answer.addEventListener("input", () => {
    entry(form).answer = form.elements.answer.value;
    save();
  });
  form.querySelector(".quiz-peek").addEventListener("click", () => {
    entry(form).revealed = true;
    save();
    showReference(form).open = true;
  });
  for (const button of form.querySelectorAll("[data-grade]")) {
    button.addEventListener("click", () => {
      const item = entry(form);
      item.grade = button.dataset.grade;
      Object.assign(item, schedule(item, item.grade, today()));
      save();
      showGrade(form);
      updateTotals();
      // Leave a just-graded question in view; the filter hides it on its next change.
    });
  }
}

filter.addEventListener("change", applyFilter);

document.getElementById("quiz-export").addEventListener("click", () => {
  const blob = new Blob([exportProgress(page, progress, today())], { type: "application/json" });
  const link = element("a");
  link.href = URL.createObjectURL(blob);
  link.download = `quiz-progress-${today()}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
  status.textContent = "Progress exported. Import the file in another browser to continue there.";
});

document.getElementById("quiz-import").addEventListener("change", async (event) => {
  const [file] = event.target.files;
  event.target.value = "";
  if (!file) return;
  try {
    progress = importProgress(await file.text());
    save();
    renderAll();
    status.textContent = `Progress imported from ${file.name}.`;
  } catch (error) {
    status.textContent = error.message;
  }
});

document.getElementById("quiz-reset").addEventListener("click", () => {
  if (!confirm("Clear all your answers, grades and review dates on this page?")) return;
  progress = {};
  save();
  filter.checked = false;
  renderAll();
  status.textContent = "Your answers, grades and review dates are cleared.";
});

toolbar.hidden = false;
renderAll();
