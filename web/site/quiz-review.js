// Spaced review with Leitner boxes: "Got it" moves a question up one box, "Not yet" sends it back to box 1.
// Each box waits twice as long as the one before (1, 2, 4, 8, 16 days), so known questions come back rarely.

export const INTERVAL_DAYS = [1, 2, 4, 8, 16];
export const TOP_BOX = INTERVAL_DAYS.length;

/** A calendar date in the learner's time zone, as YYYY-MM-DD (sorts and compares as text). */
export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  return isoDate(new Date(y, m - 1, d + days));
}

/** The box and due date after a self-grade on `today`. */
export function schedule(entry, grade, today) {
  const box = grade === "got" ? Math.min(TOP_BOX, Math.max(1, entry.box ?? 0) + 1) : 1;
  return { box, due: addDays(today, INTERVAL_DAYS[box - 1]) };
}

export const isDue = (entry, today) => Boolean(entry.due) && entry.due <= today;
