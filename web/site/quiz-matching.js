// Grades a learner's answer against a question's key ideas, in the browser, deterministically.
// Words are compared by Porter stem (the npm package "stemmer", copied in by the site build), with small
// typos forgiven; an idea can demand that two terms are said together, and an idea stated negated earns nothing.
import { stemmer } from "./vendor/stemmer.js";

// Function words: dropped from key-idea phrases, and the mark of a sentence (a bare keyword list has none).
const FUNCTION_WORDS = new Set(("a an the and or but if of to in on at by for from with into onto as is are was were be " +
  "been being it its this that these those there their they them we you your our i me my he she his her " +
  "can could should would will may might must do does did has have had so than then very just also " +
  "about which who whom what when where why how all any some such").split(" "));

const NEGATORS = new Set(["not", "no", "never", "without", "neither", "nor", "none", "nothing", "cannot", "rarely", "seldom", "hardly",
  "dont", "doesnt", "isnt", "arent", "wasnt", "werent", "wont", "cant", "didnt", "shouldnt", "wouldnt", "couldnt", "hasnt", "havent"]);
// Words that reverse what follows them in their clause: "skip the manual step", "remove the human", "without".
const REVERSERS = new Set(["skip", "skips", "skipping", "skipped", "avoid", "avoids", "avoiding", "eliminate", "eliminates",
  "eliminating", "remove", "removes", "removing", "removed", "replace", "replaces", "replacing", "ignore", "ignores", "ignoring",
  "lack", "lacks", "lacking"]);
// ...and two-word reversals: "out of (the loop)", "instead of / rather than / as opposed to (full automation)", "bad at (categorical columns)".
const REVERSING_PAIRS = [["out", "of"], ["instead", "of"], ["rather", "than"], ["opposed", "to"], ["bad", "at"], ["poor", "at"],
  ["worse", "at"], ["terrible", "at"], ["weak", "at"]];
// Negators and reversal words long enough for a typo to be told from another word.
const REVERSAL_WORDS = [...NEGATORS, ...REVERSERS, ...REVERSING_PAIRS.map(([first]) => first)].filter((w) => w.length >= 6);
// "less clear", "fewer errors": these reverse only the word right after them ("it costs less" denies nothing).
const ADJACENT_REVERSERS = new Set(["less", "fewer"]);
// "not only X but also Y" and "no matter" do not deny what follows; nor do "doesn't work (at night)", which
// reports a failure rather than denying the circumstance after it, and "don't want / don't like (to send private data)".
const NOT_NEGATING_NEXT = new Set(["only", "just", "matter", "doubt", "want", "like", "work", "working", "perform", "cope", "handle",
  "recognise", "recognize", "detect", "identify", "classify", "spot"]);
// Verbs that report or enable something: denied, they deny all that follows them in their clause
// ("doesn't tell you which classes get mixed up", "aren't able to make it factually right").
// So do words of judging: "not good with high-cardinality columns or text" denies both.
const SCOPE_VERBS = new Set(["tell", "tells", "show", "shows", "say", "says", "reveal", "reveals", "indicate", "indicates", "able", "capable",
  "good", "great", "suited", "suitable", "ideal", "useful", "helpful"]);
const NOUN_NEGATORS = new Set(["no", "none", "nothing", "neither", "nor"]);
// Verbs that sit between a subject and its negation: "the data is not saved", "data doesn't get stored".
const AUXILIARIES = new Set(["is", "are", "was", "were", "be", "does", "do", "did", "will", "would", "can", "could", "should", "gets", "get", "has", "have"]);
// Words that start a new clause: a negation before them does not reach past them, and related terms across them
// are further apart. Not "or": "doesn't need monitoring or retraining" denies both.
const CLAUSE_STARTS = new Set(["and", "but", "whereas", "while", "whilst", "although", "though", "however", "instead", "unlike", "except", "rather", "yet",
  "unless", "otherwise"]);

const NEGATION_REACH = 3;       // a negator counts with fewer than this many other words between it and the idea's (function words are free)
const NEGATION_SPAN = 6;        // ...and never more than this many words of any kind
const RELATION_REACH = 12;      // related terms must be this close (in words, clause breaks cost extra)
const CLAUSE_COST = 3;          // crossing a comma, "and" or "but" counts as this many extra words
const BACKWARD_COST = 3.5;      // a description usually follows what it describes: looking back costs extra (and breaks ties)
const KEYWORD_LIST_FACTOR = 0.25; // a bare list of keywords (or terms strung together) keeps this share of its credit
const SALAD_JUNCTIONS = 2;      // this many terms of different ideas side by side make a word salad
// Words no sentence ends on: an article is always followed by what it introduces.
const DANGLING_ENDS = new Set(["a", "an", "the"]);
const QUESTION_WORDS = new Set(["what", "why", "which", "how", "where", "who", "when"]);
// Words that connect the terms of a sentence, beyond the function words: "stuff like zip codes", "each item", "CPU vs GPU".
const CONNECTING_WORDS = new Set(("like plus vs versus per via over under between against through each every more most less " +
  "only once before after while until because since both either instead out up down off away back too one two three four " +
  "several many few").split(" "));
const OPENING_TERMS = 4;        // an answer that opens with this many bare terms and a comma ("Splitter parameter DataBlock validation, ...")
const DETERMINERS = new Set(["a", "an", "the", "this", "these", "those", "its", "their", "your", "our", "each", "every"]);
const ARROW = /->|=>|→/g;      // "a -> b -> c": a chain of steps
const SALAD_RUN = 7;            // this many words in a row with nothing to connect them (no function word, no punctuation) are a string of terms
const SPARSE_SHARE = 0.25;      // ...or one fewer in an answer where fewer than this share of the words connect anything

/**
 * Typo tolerance by word length, as in H5P Essay (1 edit up to 9 letters, 2 above), but exact under 5 letters:
 * short words are one edit from other real words (GPU/CPU, pad/bad, back/black, data/date).
 */
export function allowedEdits(length) {
  return length < 5 ? 0 : length <= 9 ? 1 : 2;
}

/** Optimal-string-alignment distance (a swap of neighbours is one edit), stopping early past `max`. */
export function editDistance(a, b, max = 2) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous2 = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, previous2[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    previous2 = previous;
    previous = row;
  }
  return previous[b.length];
}

const plain = (word) => word.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");

/**
 * The answer's words with their place in the text: `start`/`end` (character offsets), `sentence`, `clause`,
 * `claim` (a clause, but a colon or dash does not end it), and whether the word itself denies (`not`, `doesn't`, `never`...).
 */
export function tokenize(text) {
  const tokens = [];
  let sentence = 0;
  let clause = 0;
  let claim = 0;
  let last = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
    const between = text.slice(last, match.index);
    // A full stop ends a sentence only before a space: "dls.train", "learn.predict" and "0.2" are single terms.
    if (tokens.length && (/[!?;\n]/.test(between) || /\.\s/.test(between))) {
      sentence++;
      clause++;
      claim++;
    } else if (tokens.length && /[,:()\u2013\u2014]|\s-\s/.test(between) && !/^even$/i.test(match[0])) {
      // ", even with thousands of requests" goes on with the claim before it: no new clause.
      clause++;
      // A colon or dash joins a name to what is said of it ("Levers: the outcome"): still one claim.
      if (/[,()]/.test(between)) claim++;
    }
    const raw = plain(match[0]);
    const word = raw.replace(/['’].*$/, "");
    if (CLAUSE_STARTS.has(word)) {
      clause++;
      claim++;
    }
    const negator = /n['’]t$/.test(raw) || NEGATORS.has(word);
    tokens.push({ word, stem: stemmer(word), start: match.index, end: match.index + match[0].length, sentence, clause, claim, negator });
    last = match.index + match[0].length;
  }
  tokens.forEach((token, i) => {
    // A long negator or reversal word with one typo still reverses ("instaed of", "withuot").
    const near = token.word.length >= 6 && !REVERSAL_WORDS.includes(token.word) && !FUNCTION_WORDS.has(token.word) &&
      REVERSAL_WORDS.find((w) => w[0] === token.word[0] && editDistance(token.word, w, 1) <= 1);
    if (near) {
      token.word = near;
      if (NEGATORS.has(near)) token.negator = true;
    }
    const next = tokens[i + 1]?.word;
    if (isReversal(token.word, next)) token.negator = true;
    // "nothing like" still denies: only a negated verb is softened ("don't like").
    // "no matter" reports nothing, but "don't matter" denies.
    const denies = (next === "like" && NOUN_NEGATORS.has(token.word)) || (next === "matter" && !NOUN_NEGATORS.has(token.word));
    if (token.negator && NOT_NEGATING_NEXT.has(next) && !denies) token.negator = false;
  });
  return tokens;
}

/**
 * A key-idea alternative as words to look for: "not" in front means the idea is a denial ("not the data").
 * Parts of one written word ("item_tfms", "mini-batch") must follow each other directly (`tight`).
 */
export function parseAlternative(text) {
  // ">holds" in a relation's group: a term said after the anchor ("a DataLoader holds DataLoaders", not before it).
  const after = text.startsWith(">");
  let written = plain(text.replace(/^>/, "")).split(/\s+/).filter(Boolean);
  const denial = written[0] === "not" && written.length > 1;
  if (denial) written = written.slice(1);
  const kept = written.filter((w) => !FUNCTION_WORDS.has(w));
  // "=dataloader" matches that word only, not another form of it ("dataloaders" shares its stem).
  const words = (kept.length ? kept : written).flatMap((w) => w.split(/[^\p{L}\p{N}*]+/u).filter(Boolean)
    .map((part, i) => ({
      word: part,
      stem: stemmer(part.replace(/\*$/, "")),
      prefix: part.endsWith("*") ? part.slice(0, -1) : null,
      tight: i > 0,
      exact: w.startsWith("="),
    })));
  // "black and white" holds its own "and": such a phrase may span the clause break that word makes.
  const acrossClauses = written.some((w) => CLAUSE_STARTS.has(w));
  return { text, denial, words, acrossClauses, after };
}

/**
 * Whether `word` starts with `prefix` but for one typo, for prefixes of five letters or more: two letters swapped
 * ("trianed", train*; "reveiw", review*), one left out inside the word ("chages", chang*) or one too many. A wrong
 * letter counts only from six letters and not as the last one: such words are often both real ("decay", delay*;
 * "served", server*).
 */
function nearPrefix(word, prefix) {
  if (prefix.length < 5 || word[0] !== prefix[0]) return false;
  const start = word.slice(0, prefix.length);
  if (start.length === prefix.length && editDistance(start, prefix, 1) === 1) {
    const wrongLetters = [...start].filter((letter, i) => letter !== prefix[i]).length;
    if (wrongLetters === 2 || (prefix.length >= 6 && start.at(-1) === prefix.at(-1))) return true;
  }
  // Left out inside, not at the end: "likes" is no "likel*" short of its "l".
  const dropped = word.length >= prefix.length - 1 && !word.startsWith(prefix.slice(0, -1)) &&
    editDistance(word.slice(0, prefix.length - 1), prefix, 1) === 1;
  const extra = word.length >= prefix.length + 1 && editDistance(word.slice(0, prefix.length + 1), prefix, 1) === 1;
  return dropped || extra;
}

function wordMatches(token, term, vocabulary) {
  if (term.exact) return token.word === term.word;
  if (term.prefix !== null) return token.word.startsWith(term.prefix) || (!vocabulary.has(token.stem) && nearPrefix(token.word, term.prefix));
  // Stems of very short words say little ("one" and "on" share one): those match as written, or plural.
  if (term.word.length <= 3) return token.word === term.word || token.word === `${term.word}s`;
  if (token.stem === term.stem || token.word === term.word) return true;
  // A typo may not land on a word this question uses for something else ("batch" is no typo of "match").
  if (vocabulary.has(token.stem) || token.word[0] !== term.word[0]) return false;
  const edits = allowedEdits(term.word.length);
  return edits > 0 && editDistance(token.word, term.word, edits) <= edits;
}

/**
 * Where an alternative occurs: its words in one clause, each within three words of those found before
 * (in any order: "human review", "reviewed by a human"), the parts of one written word ("item_tfms",
 * "mini-batch") side by side. Of overlapping occurrences the tightest wins.
 */
function occurrences(tokens, alternative, vocabulary) {
  const found = [];
  const { words } = alternative;
  for (let i = 0; i < tokens.length; i++) {
    // "data loaders" also matches "dataloaders" (and "dataloders"): two written words run together.
    if (words.length === 2 && words.every((w) => w.prefix === null && !w.exact)) {
      const joined = words[0].word + words[1].word;
      const edits = allowedEdits(joined.length);
      if (tokens[i].word[0] === joined[0] && editDistance(tokens[i].word, joined, edits) <= edits) {
        found.push([i]);
        continue;
      }
    }
    // ...and "dataloaders" matches "data loaders": one written word split in two (never with a function word:
    // "is dependent" is no split "independent").
    if (words.length === 1 && words[0].prefix === null && !words[0].exact && tokens[i + 1]?.sentence === tokens[i].sentence &&
      !FUNCTION_WORDS.has(tokens[i].word) && !FUNCTION_WORDS.has(tokens[i + 1].word) && !wordMatches(tokens[i], words[0], vocabulary)) {
      const split = tokens[i].word + tokens[i + 1].word;
      const edits = allowedEdits(words[0].word.length);
      if (split[0] === words[0].word[0] && editDistance(split, words[0].word, edits) <= edits) {
        found.push([i, i + 1]);
        continue;
      }
    }
    if (!wordMatches(tokens[i], words[0], vocabulary)) continue;
    const span = [i];
    for (let w = 1; w < words.length; w++) {
      const candidates = [];
      if (words[w].tight) {
        candidates.push(span.at(-1) + 1);
      } else {
        const low = Math.min(...span);
        const high = Math.max(...span);
        for (let j = low - 3; j <= high + 3; j++) candidates.push(j);
        candidates.sort((a, b) => Math.abs(a - i) - Math.abs(b - i));
      }
      const next = candidates.find((j) => j >= 0 && j < tokens.length && !span.includes(j) &&
        (alternative.acrossClauses ? tokens[j].sentence === tokens[i].sentence : tokens[j].clause === tokens[i].clause) &&
        wordMatches(tokens[j], words[w], vocabulary));
      if (next === undefined) break;
      span.push(next);
    }
    if (span.length === words.length) found.push(span.sort((a, b) => a - b));
  }
  const width = (span) => span.at(-1) - span[0];
  return found.filter((span) => !found.some((other) => other !== span && other.some((t) => span.includes(t)) &&
    (width(other) < width(span) || (width(other) === width(span) && other[0] > span[0]))));
}

/**
 * Where the words at `span` are denied: the index of a negator shortly before them, or of "X is not" / "X doesn't"
 * right after them; -1 when they are stated plainly.
 */
export function negatorOf(tokens, span) {
  const first = span[0];
  const { clause } = tokens[first];
  // "can't be used within a notebook": "be" and "a" do not use up the reach.
  if (ADJACENT_REVERSERS.has(tokens[first - 1]?.word) && tokens[first - 1].clause === clause) return first - 1;
  let content = 0;
  for (let j = first - 1; j >= 0 && j >= first - NEGATION_SPAN && tokens[j].clause === clause; j--) {
    if (tokens[j].negator) return j;
    if (!FUNCTION_WORDS.has(tokens[j].word) && ++content >= NEGATION_REACH) break;
  }
  for (let j = first - 1; j > 0 && j >= first - RELATION_REACH && tokens[j].clause === clause; j--) {
    if (!SCOPE_VERBS.has(tokens[j].word)) continue;
    // Function words and one other word may sit between them: "doesn't really tell", "aren't truly able to".
    let others = 0;
    for (let k = j - 1; k >= 0 && tokens[k].clause === clause && others <= 1; k--) {
      if (tokens[k].negator) return k;
      if (!FUNCTION_WORDS.has(tokens[k].word)) others++;
    }
  }
  let j = span.at(-1) + 1;
  if (tokens[j]?.clause === clause && AUXILIARIES.has(tokens[j].word)) j++;
  // Only a denied verb denies what comes before it: "video instead of photos" and "labels without checking"
  // reverse what follows them, not the video or the labels.
  return tokens[j]?.clause === clause && tokens[j].negator && !reversesWhatFollows(tokens, j) ? j : -1;
}

/** Whether the negator at `j` is a reversal word ("instead of", "skip", "without") rather than a denied verb. */
function reversesWhatFollows(tokens, j) {
  return tokens[j].word === "without" || isReversal(tokens[j].word, tokens[j + 1]?.word);
}

/** Whether `word` (followed by `next`) reverses what follows it: a reverser ("skip") or a reversing pair ("instead of"). */
function isReversal(word, next) {
  return REVERSERS.has(word) || REVERSING_PAIRS.some(([a, b]) => word === a && next === b);
}

/** Whether the words at `span` are denied (see negatorOf). */
export function isNegated(tokens, span) {
  return negatorOf(tokens, span) >= 0;
}

function cost(tokens, anchor, other) {
  const a = anchor[0];
  const o = other[0];
  const clauses = Math.abs(tokens[o].clause - tokens[a].clause);
  return Math.abs(o - a) + CLAUSE_COST * clauses + (o < a ? BACKWARD_COST : 0);
}

/** A keyword list: three or more short pieces with no function word in them, and little else. */
export function isKeywordList(text) {
  // Pieces without a word of three letters ("e.g.", "42") are neither keywords nor statements.
  const pieces = text.split(/[\n,;•]+|\.(?=\s|$)|\s-\s|\s\d+[.)]\s/).map((p) => tokenize(p))
    .filter((t) => t.some((x) => x.word.length >= 3 && !/^\d+$/.test(x.word)));
  const bare = pieces.filter((t) => t.length <= 3 && !t.some((x) => FUNCTION_WORDS.has(x.word) || x.negator));
  return bare.length >= 3 && bare.length >= 0.6 * pieces.length;
}

/**
 * Key terms strung together: two or more places where terms of different ideas stand side by side, nothing
 * but a space between them ("JavaScript Python GUI browser notebook", "manual limited expansion scope").
 * Sentences put a verb, a function word or punctuation between the ideas they connect.
 */
export function isWordSalad(answer, tokens, hits, ideaCount) {
  const owner = new Map();
  // Only the ideas' nouns (a relation's first group, or a single-group idea): "training pics" and "white photo"
  // are ordinary compounds of a noun and a word describing it.
  // A word may be a term of several ideas ("categorical" of "many categories" and of "categorical"): words side
  // by side that share an idea ("discrete values", "cardinality categorical") are one phrase, not a junction.
  for (const hit of hits.filter((h) => h.group === 0 && h.idea < ideaCount)) {
    for (const t of hit.span) if (!FUNCTION_WORDS.has(tokens[t].word)) owner.set(t, (owner.get(t) ?? new Set()).add(hit.idea));
  }
  const apart = (a, b) => ![...owner.get(a)].some((idea) => owner.get(b).has(idea));
  const spaced = (t) => /^\s+$/.test(answer.slice(tokens[t - 1].end, tokens[t].start));
  // Numbers connect too: "1 manual process ... 2 limited scope" numbers a list, "20 %" quantifies.
  const connecting = (t) => FUNCTION_WORDS.has(tokens[t].word) || CONNECTING_WORDS.has(tokens[t].word) || tokens[t].negator ||
    /^\d+$/.test(tokens[t].word);
  // A possessive ("each file's answer") and a determiner ("each file") connect the words after them.
  const possessive = (t) => /['’]s$/i.test(answer.slice(tokens[t].start, tokens[t].end));
  let junctions = 0;
  let run = 0;
  let longestRun = 0;
  for (let t = 0; t < tokens.length; t++) {
    // After an article or other determiner two terms are one noun phrase ("the diagonal cells", "off-diagonal cells").
    const determined = t > 1 && (DETERMINERS.has(tokens[t - 2].word) || CONNECTING_WORDS.has(tokens[t - 2].word));
    if (t > 0 && owner.has(t - 1) && owner.has(t) && apart(t - 1, t) && spaced(t) && !connecting(t - 1) && !possessive(t - 1) &&
      !determined) junctions++;
    run = connecting(t) ? 0 : t > 0 && spaced(t) && !possessive(t - 1) ? run + 1 : 1;
    longestRun = Math.max(longestRun, run);
  }
  // An opening clause of bare terms, then a comma and more ("DataLoaders train valid class, objects stores..."):
  // a sentence's first clause names its subject and says something of it with a connecting word.
  const opening = tokens.filter((t) => t.clause === 0);
  const openingTerms = opening.length >= OPENING_TERMS && opening.length < tokens.length &&
    opening.every((t, i) => !connecting(i) && (i === 0 || spaced(i))) &&
    /^\s*,/.test(answer.slice(opening.at(-1).end, tokens[opening.length].start));
  // A sentence that ends on an article ("the always set gives same a.") is words shuffled, not a statement.
  const danglingEnd = tokens.some((t, i) => DANGLING_ENDS.has(t.word) && tokens[i + 1]?.sentence !== t.sentence);
  // A question word stranded after a bare term, at the end of its sentence or before another question word
  // ("data rotate what why", "predictions called when."): the question's words shuffled, not a statement
  // ("confused with what", "which one is which" end on a question word after a function word).
  const stranded = tokens.some((t, i) => QUESTION_WORDS.has(t.word) && i > 0 && tokens[i - 1].sentence === t.sentence &&
    !connecting(i - 1) && (QUESTION_WORDS.has(tokens[i + 1]?.word) ||
      (tokens[i + 1]?.sentence !== t.sentence && !answer.slice(t.end, tokens[i + 1]?.start).includes("?"))));
  // Six bare words in a row, in an answer where fewer than a quarter of the words connect anything.
  const sparse = tokens.filter((_, t) => connecting(t)).length < SPARSE_SHARE * tokens.length;
  return junctions >= SALAD_JUNCTIONS || longestRun >= SALAD_RUN || (sparse && longestRun >= SALAD_RUN - 1) || openingTerms || danglingEnd || stranded;
}

/** Keeps the longest run of found steps in their written order; the other found steps are out of order. */
function markOutOfOrder(results, [from, to]) {
  const steps = [];
  for (let i = from - 1; i < Math.min(to, results.length); i++) {
    if (results[i].state === "found") steps.push({ i, at: Math.min(...results[i].spans.map((span) => span[0])) });
  }
  // Longest increasing subsequence of positions, by idea order (a handful of steps: quadratic is fine).
  const best = steps.map(() => 1);
  const previous = steps.map(() => -1);
  steps.forEach((step, k) => {
    for (let j = 0; j < k; j++) {
      if (steps[j].at < step.at && best[j] + 1 > best[k]) { best[k] = best[j] + 1; previous[k] = j; }
    }
  });
  const keep = new Set();
  for (let k = best.indexOf(Math.max(0, ...best)); k >= 0; k = previous[k]) keep.add(steps[k].i);
  for (const step of steps) if (!keep.has(step.i)) results[step.i].state = "out-of-order";
}

/**
 * Grades `answer` against `question` = { ideas: [{ groups: [[alternative, ...], ...], ... }], wrongIf, need, order }.
 * An idea with one group is found when any alternative occurs and is not denied. An idea with more groups
 * (a relation, "x & independent") also needs a term of every other group near its first group's term, and
 * nearer to it than to the first term of any other related idea, so swapped pairs are not credited.
 * With `order` = [from, to] (1-based), those ideas are steps: a step found before an earlier one is "out-of-order".
 * `wrongIf` = [{ groups, feedback }] are misconceptions, matched like ideas but with a relation's terms in one
 * clause; an answer that states one (not denied) scores 0.
 * Returns { score in [0, 1], ideas: [{ state: "found" | "negated" | "out-of-order" | "missing", words }],
 * misconceptions: [{ index, words }], keywordList, salad }.
 */
export function grade(answer, question) {
  const tokens = tokenize(answer);
  const ideas = question.ideas.map((idea) => idea.groups.map((group) => group.map(parseAlternative)));
  const wrongIf = (question.wrongIf ?? []).map((wrong) => wrong.groups.map((group) => group.map(parseAlternative)));
  // Misconceptions are matched in the same pass as the ideas: their terms compete for the same words and roles.
  const entries = [...ideas, ...wrongIf];
  const vocabulary = new Set(entries.flat(2).flatMap((alt) => alt.words.filter((w) => w.prefix === null).map((w) => w.stem)));

  // Every place each alternative occurs; a match inside a longer one of another alternative is dropped,
  // so "data" in "data loaders" is not also the idea "data".
  const all = [];
  entries.forEach((groups, i) => groups.forEach((group, g) => group.forEach((alternative) => {
    for (const span of occurrences(tokens, alternative, vocabulary)) {
      const negator = negatorOf(tokens, span);
      all.push({ idea: i, group: g, alternative, span, negator, negated: negator >= 0 });
    }
  })));
  // A negator that is a word of a phrase some idea names ("nothing like", "never seen", "no longer") is that
  // phrase's: "nothing like the google pics" compares, it does not deny the pics.
  const phraseNegators = new Set(all.flatMap((h) => h.span.filter((t) => tokens[t].negator)));
  for (const hit of all) {
    if (hit.negated && phraseNegators.has(hit.negator) && !hit.span.includes(hit.negator)) Object.assign(hit, { negator: -1, negated: false });
  }
  // Ideas and misconceptions are read apart: "train* data" (wrong) leaves "training" to an idea, and the idea
  // "additional sales" leaves "sales" to the misconception "lever & sales".
  const kind = (hit) => hit.idea < ideas.length;
  // Within one relation a term may lie inside another group's longer one ("borders" in "add* borders"): which
  // word plays which part is settled when terms are attached to an anchor.
  const inside = (inner, outer) => outer.span.length > inner.span.length && inner.span.every((t) => outer.span.includes(t)) &&
    kind(outer) === kind(inner) && !(outer.idea === inner.idea && outer.group !== inner.group);
  const hits = all.filter((h) => !all.some((o) => o.alternative !== h.alternative && inside(h, o)));

  const anchors = hits.filter((h) => h.group === 0 && entries[h.idea].length > 1);
  const match = (groups, i) => {
    const mine = hits.filter((h) => h.idea === i);
    const misconception = i >= ideas.length;
    // A denial ("not the data") holds when stated negated; anything else holds when stated plainly.
    const holds = (h) => h.negated === h.alternative.denial;
    if (groups.length === 1) {
      // A negator denies the nearest term after it: "isn't different from the training data" denies "different",
      // so it states no "not training" of the same idea further on.
      const passedOn = (h) => h.alternative.denial && mine.some((p) => !p.alternative.denial && p.negator === h.negator &&
        p.span[0] < h.span[0]);
      const good = mine.filter((h) => holds(h) && !passedOn(h));
      if (good.length) return { state: "found", spans: good.map((h) => h.span) };
      // Where an idea can also be said plainly ("differ* / not trained"), a plain "trained" contradicts nothing.
      const plainToo = groups[0].some((alternative) => !alternative.denial);
      const contradicting = mine.filter((h) => !(plainToo && h.alternative.denial));
      return contradicting.length ? { state: "negated", spans: contradicting.map((h) => h.span) } : { state: "missing", spans: [] };
    }
    // A relation: for some occurrence of the first group, every other group has a term attached to it.
    let denied = null;
    for (const anchor of mine.filter((h) => h.group === 0)) {
      const attached = (h) => {
        // A word is the anchor or a term attached to it, not both ("stretches" alone is no "stretch* & distort*").
        if (h.span.some((t) => anchor.span.includes(t))) return false;
        if (h.alternative.after && h.span[0] < anchor.span[0]) return false;
        if (tokens[h.span[0]].sentence !== tokens[anchor.span[0]].sentence) return false;
        // A misconception is one claim: its terms share a clause ("item_tfms run on the GPU", "Levers: the outcome").
        if (misconception && tokens[h.span[0]].claim !== tokens[anchor.span[0]].claim) return false;
        const mineCost = cost(tokens, anchor.span, h.span);
        if (mineCost > RELATION_REACH) return false;
        // A term said after the anchor by rule holds its role by its place: no nearer anchor takes it.
        if (h.alternative.after) return true;
        // Another idea's anchor nearer to the term takes it, unless it is the term itself ("training set" is
        // both a term of one idea and the anchor of another).
        // Nor does an anchor that is itself a term of the same group here ("high-cardinality categorical": two terms).
        const sameGroup = (other) => mine.some((m) => m.group === h.group && m.span.some((t) => other.span.includes(t)));
        // Only an anchor the term could describe competes for it: a term of that entry's own other groups.
        const sameClause = (x) => tokens[x.span[0]].clause === tokens[h.span[0]].clause;
        const competes = (other) => (!misconception && other.idea < ideas.length && (sameClause(other) || !sameClause(anchor))) ||
          hits.some((o) => o.idea === other.idea && o.group > 0 && o.span.some((t) => h.span.includes(t)));
        return !anchors.some((other) => other.idea !== i && competes(other) && tokens[other.span[0]].sentence === tokens[h.span[0]].sentence &&
          !other.span.some((t) => h.span.includes(t)) && !sameGroup(other) && cost(tokens, other.span, h.span) < mineCost);
      };
      const groupsHits = groups.slice(1).map((_, g) => mine.filter((h) => h.group === g + 1 && attached(h)));
      if (groupsHits.some((hits) => hits.length === 0)) continue;
      // A negator in or before the anchor's own words ("nothing like those pictures") is the anchor's: it is
      // judged with the anchor, not again with the term attached after it.
      const anchorsOwn = (h) => h.negator >= 0 && h.negator <= anchor.span.at(-1) && anchor.span[0] < h.span[0];
      // A negation right after the anchor ("item_tfms never run on the GPU") denies what is said of it in that
      // clause, not the anchor itself.
      const saidOf = anchor.negator > anchor.span.at(-1);
      const deniedAfter = (h) => saidOf && h.span[0] > anchor.negator && tokens[h.span[0]].clause === tokens[anchor.negator].clause;
      const holding = groupsHits.map((hits) => hits.filter((h) =>
        holds(anchorsOwn(h) ? { ...h, negated: false } : deniedAfter(h) ? { ...h, negated: true } : h)));
      const anchorHolds = saidOf ? !anchor.alternative.denial : holds(anchor);
      if (anchorHolds && holding.every((hits) => hits.length)) return { state: "found", spans: [anchor, ...holding.flat()].map((h) => h.span) };
      denied ??= [anchor, ...groupsHits.flat()];
    }
    return denied ? { state: "negated", spans: denied.map((h) => h.span) } : { state: "missing", spans: [] };
  };
  const results = ideas.map((groups, i) => match(groups, i));
  const misconceptions = wrongIf.map((groups, w) => ({ index: w, ...match(groups, ideas.length + w) }))
    .filter((m) => m.state === "found");

  // "objective -> levers -> data -> models": arrows state the order themselves, so a step named in a link of
  // such a chain is found by its name (a relation's first term) alone; the order is then checked as for any steps.
  if (question.order && (answer.match(ARROW) ?? []).length >= 2) {
    const [from, to] = question.order;
    for (let i = from - 1; i < Math.min(to, results.length); i++) {
      const named = hits.filter((h) => h.idea === i && h.group === 0 && h.negated === h.alternative.denial);
      if (results[i].state === "missing" && named.length) results[i] = { state: "found", spans: named.map((h) => h.span) };
    }
  }
  if (question.order) markOutOfOrder(results, question.order);

  // An idea stated the wrong way round, denied or out of order is a misconception: it takes back one idea's credit.
  const need = Math.min(question.need ?? ideas.length, ideas.length);
  const credited = results.filter((r) => r.state === "found").length;
  const denied = results.filter((r) => r.state === "negated" || r.state === "out-of-order").length;
  const keywordList = isKeywordList(answer) || isWordSalad(answer, tokens, hits, ideas.length);
  let score = Math.max(0, Math.min(1, credited / need) - denied / need);
  if (keywordList) score *= KEYWORD_LIST_FACTOR;
  if (misconceptions.length) score = 0;
  const where = (spans) => spans.flatMap((span) => span.map((t) => ({ start: tokens[t].start, end: tokens[t].end })));
  return {
    score: Math.round(score * 100) / 100,
    ideas: results.map((r) => ({ state: r.state, words: where(r.spans) })),
    misconceptions: misconceptions.map((m) => ({ index: m.index, words: where(m.spans) })),
    keywordList,
  };
}
