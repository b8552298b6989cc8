// Crude, explainable matching of a learner's answer against key ideas: words, not meaning.
// Both sides go through the same normalisation, so "overfits" finds "overfitting".

const STOP_WORDS = new Set(("a an the and or but if of to in on at by for from with into onto as is are was were be " +
  "been being it its this that these those there their they them we you your our i me my he she his her " +
  "can could should would will may might must do does did has have had not no so than then very just also " +
  "about which who whom what when where why how all any some such each other more most").split(" "));

// Longest first, so "ization" wins over "s".
const SUFFIXES = ["ational", "ization", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "ed", "ly", "er", "s"];

/** Reduces a lower-case word to a rough stem: "labelled" -> "label", "images" -> "imag", "image" -> "imag". */
export function stem(word) {
  let w = word;
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !(suffix === "s" && w.endsWith("ss"))) {
      w = w.slice(0, -suffix.length) + (suffix === "ies" || suffix === "ied" ? "y" : "");
      break;
    }
  }
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  // "labell" (from "labelled") and "label" should meet.
  if (w.length > 3 && w.at(-1) === w.at(-2) && !"aeiou".includes(w.at(-1))) w = w.slice(0, -1);
  return w;
}

/** Words of a text, lower case, punctuation stripped: "Human-in-the-loop!" -> ["human", "in", "the", "loop"]. */
export function words(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^a-z0-9]+/).filter(Boolean);
}

/** The stems that carry meaning; a phrase made only of stop words keeps them all. */
export function significantStems(text) {
  const all = words(text);
  const kept = all.filter((w) => !STOP_WORDS.has(w));
  return (kept.length ? kept : all).map(stem);
}

/** An alternative is present when all its significant words are, allowing one miss from three words up. */
export function alternativeFound(answerStems, alternative) {
  const needed = significantStems(alternative);
  if (!needed.length) return false;
  const present = needed.filter((s) => answerStems.has(s)).length;
  return present >= (needed.length >= 3 ? needed.length - 1 : needed.length);
}

/**
 * Splits key ideas (each a list of alternative phrasings) into those the answer mentions and those it misses.
 * Returns indexes into `ideas`.
 */
export function findKeyIdeas(answer, ideas) {
  const answerStems = new Set(significantStems(answer));
  const found = [];
  const missing = [];
  ideas.forEach((alternatives, index) => {
    (alternatives.some((alt) => alternativeFound(answerStems, alt)) ? found : missing).push(index);
  });
  return { found, missing };
}
