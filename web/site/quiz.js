// Self-checking quiz: check an answer against its key ideas, grade yourself, keep progress in localStorage.
import { findKeyIdeas } from "./quiz-matching.js";

// One record per quiz page; "/quiz/" and "/quiz/index.html" are the same page.
const STORAGE_KEY = `study-quiz:${location.pathname.replace(/index\.html$/, "")}`;
const forms = [...document.querySelectorAll("form.quiz-question")];
const toolbar = document.querySelector(".quiz-toolbar");
const score = document.getElementById("quiz-score");
const filter = document.getElementById("quiz-filter");
const reset = document.getElementById("quiz-reset");

/** { [questionNumber]: { answer: string, checked: boolean, grade?: "got" | "not-yet" } } */
let progress = load();

function load() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY)) ?? {};
  } catch {
    return {}; // storage blocked or corrupted: start afresh rather than break the page
  }
}

function save() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(progress));
  } catch {
    // Private mode or a full quota: the quiz still works, it just forgets on reload.
  }
}

const entry = (form) => (progress[form.dataset.question] ??= { answer: "", checked: false });
const ideasOf = (form) => JSON.parse(form.dataset.keyIdeas);

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function showFeedback(form) {
  const { answer } = entry(form);
  const ideas = ideasOf(form);
  const feedback = form.querySelector(".quiz-feedback");
  const label = (i) => ideas[i].join(" / ");
  feedback.replaceChildren();
  if (!answer.trim()) {
    feedback.append(element("p", "", "No answer yet: compare the reference answer below with what you would have said."));
    return;
  }
  const { found, missing } = findKeyIdeas(answer, ideas);
  feedback.append(element("p", "quiz-summary", `Your answer mentions ${found.length} of ${ideas.length} key ideas.`));
  const list = element("ul", "quiz-ideas");
  for (const i of found) list.append(element("li", "idea-found", `Found: ${label(i)}`));
  for (const i of missing) list.append(element("li", "idea-missing", `Missing: ${label(i)}`));
  feedback.append(list);
}

function showGrade(form) {
  const { grade, checked } = entry(form);
  form.querySelector(".quiz-grade").hidden = !checked;
  for (const button of form.querySelectorAll("[data-grade]")) {
    button.setAttribute("aria-pressed", String(button.dataset.grade === grade));
  }
  form.dataset.grade = grade ?? "";
}

const allGot = document.createElement("p");
allGot.className = "quiz-all-got";
allGot.textContent = "Every question is marked as got. Untick the filter to see them again, or reset to start over.";
allGot.hidden = true;
toolbar.after(allGot);

function applyFilter() {
  for (const form of forms) form.hidden = filter.checked && entry(form).grade === "got";
  allGot.hidden = !forms.every((form) => form.hidden);
}

function updateScore() {
  const grades = forms.map((form) => progress[form.dataset.question]?.grade);
  const got = grades.filter((g) => g === "got").length;
  const notYet = grades.filter((g) => g === "not-yet").length;
  score.textContent = `Got ${got} of ${forms.length} · not yet: ${notYet} · still to try: ${forms.length - got - notYet}`;
}

function check(form) {
  const item = entry(form);
  item.answer = form.elements.answer.value;
  item.checked = true;
  save();
  form.querySelector("details").open = true;
  showFeedback(form);
  showGrade(form);
}

for (const form of forms) {
  const item = entry(form);
  form.elements.answer.value = item.answer;
  form.querySelector(".quiz-actions").hidden = false;
  if (item.checked) {
    form.querySelector("details").open = true;
    showFeedback(form);
  }
  showGrade(form);

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
  for (const button of form.querySelectorAll("[data-grade]")) {
    button.addEventListener("click", () => {
      entry(form).grade = button.dataset.grade;
      save();
      showGrade(form);
      updateScore();
      // Leave a just-graded question in view; the filter hides it on its next change.
    });
  }
}

filter.addEventListener("change", applyFilter);
reset.addEventListener("click", () => {
  if (!confirm("Clear all your answers and grades on this page?")) return;
  progress = {};
  save();
  for (const form of forms) {
    form.elements.answer.value = "";
    form.querySelector(".quiz-feedback").replaceChildren();
    form.querySelector("details").open = false;
    showGrade(form);
  }
  filter.checked = false;
  applyFilter();
  updateScore();
});

toolbar.hidden = false;
applyFilter();
updateScore();
