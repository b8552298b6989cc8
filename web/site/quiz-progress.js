// The learner's quiz progress: kept in localStorage, exported and imported as a JSON file.

const FORMAT = "study-quiz-progress";
const VERSION = 2;

/** { [questionNumber]: { answer, checked, score?, grade?, box?, due?, revealed? } } from storage; {} when absent or unreadable. */
export function loadProgress(key) {
  try {
    const stored = JSON.parse(localStorage.getItem(key));
    // Version 1 kept the questions at the top level.
    return (stored?.version === VERSION ? stored.questions : stored) ?? {};
  } catch {
    return {}; // storage blocked or corrupted: start afresh rather than break the page
  }
}

export function saveProgress(key, questions) {
  try {
    localStorage.setItem(key, JSON.stringify({ version: VERSION, questions }));
  } catch {
    // Private mode or a full quota: the quiz still works, it just forgets on reload.
  }
}

export function exportProgress(page, questions, today) {
  return JSON.stringify({ format: FORMAT, version: VERSION, page, exported: today, questions }, null, 2);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads an exported file; throws an Error whose message a learner can act on. */
export function importProgress(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("That file is not JSON. Choose a file saved with Export progress.");
  }
  if (data?.format !== FORMAT || typeof data.questions !== "object" || data.questions === null) {
    throw new Error("That file is not a quiz progress export. Choose a file saved with Export progress.");
  }
  const questions = {};
  for (const [number, entry] of Object.entries(data.questions)) {
    if (!/^\d+$/.test(number) || typeof entry !== "object" || entry === null) continue;
    questions[number] = {
      answer: typeof entry.answer === "string" ? entry.answer : "",
      checked: entry.checked === true,
      ...(typeof entry.score === "number" && entry.score >= 0 && entry.score <= 1 ? { score: entry.score } : {}),
      ...(entry.grade === "got" || entry.grade === "not-yet" ? { grade: entry.grade } : {}),
      ...(Number.isInteger(entry.box) && entry.box >= 1 ? { box: entry.box } : {}),
      ...(typeof entry.due === "string" && DATE.test(entry.due) ? { due: entry.due } : {}),
      ...(entry.revealed === true ? { revealed: true } : {}),
    };
  }
  return questions;
}
