// What each fix on the script page does to the list of parts the page saves (the API's SegmentEdit). Pure: parts in,
// new parts out, no page and no network, so each fix can be tested alone (tests/web/test_review.py).
"use strict";

const ROLE_KEYS = ["title", "narrator", "reporter", "official", "byline"];  // keys 1–5 on the page

const copyParts = (parts) => parts.map((part) => ({ ...part, source_lines: [...part.source_lines] }));

function setRole(parts, i, role) {
  const out = copyParts(parts);
  out[i].role = role;
  if (role !== "official" && role !== "reporter") { out[i].speaker = null; out[i].speaker_title = null; }
  return out;
}

function editPart(parts, i, changes) {
  const out = copyParts(parts);
  Object.assign(out[i], changes);
  return out;
}

// A line that was not read becomes a part of its own at its place in the original.
function readLine(parts, line, text, role = "narrator") {
  const out = copyParts(parts);
  const at = out.findIndex((part) => part.source_lines[0] > line);
  const part = { role, speaker: null, speaker_title: null, text, source_lines: [line] };
  out.splice(at < 0 ? out.length : at, 0, part);
  return out;
}

// A part no longer read: its lines become skipped lines (the API records them as removed by the editor).
function skipPart(parts, i) {
  return copyParts(parts).filter((_, n) => n !== i);
}

// The part and the one above become one, read by the voice of the one above.
function mergeUp(parts, i) {
  if (i < 1) return copyParts(parts);
  const out = copyParts(parts);
  const [above, part] = [out[i - 1], out[i]];
  above.text = `${above.text} ${part.text}`;
  above.source_lines = [...new Set([...above.source_lines, ...part.source_lines])].sort((a, b) => a - b);
  out.splice(i, 1);
  return out;
}

// Two parts from one, cut at a character offset of its text. A part of several lines gives its last line to the
// second part; a part of one line is shared by both (the API allows a line read by two parts in a row).
function splitAt(parts, i, offset) {
  const out = copyParts(parts);
  const part = out[i];
  const first = part.text.slice(0, offset).trim();
  const second = part.text.slice(offset).trim();
  if (!first || !second) return out;
  const lines = part.source_lines;
  const head = lines.length > 1 ? lines.slice(0, -1) : [...lines];
  const tail = lines.length > 1 ? lines.slice(-1) : [...lines];
  out.splice(i, 1, { ...part, text: first, source_lines: head }, { ...part, text: second, source_lines: tail });
  return out;
}

if (typeof window !== "undefined") {
  Object.assign(window, { ROLE_KEYS, setRole, editPart, readLine, skipPart, mergeUp, splitAt });
}
