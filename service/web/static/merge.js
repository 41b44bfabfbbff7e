// A line-level three-way merge of script parts, for when someone saved the article while you were editing it.
// A part is known by the source lines it reads; of two edits on different parts both are kept, and only a part
// that both people changed differently is left for the person to decide. Pure: no page, no network.
"use strict";

const partKey = (part) => part.source_lines.join(",");

const samePart = (a, b) =>
  a.role === b.role && (a.speaker || null) === (b.speaker || null) && a.text === b.text;

// What a save sends for a part (the API's SegmentEdit), from a part as the API or the form gives it.
const editable = (part) => ({
  role: part.role, speaker: part.speaker || null, speaker_title: part.speaker_title || null,
  text: part.text, source_lines: [...part.source_lines],
});

// base: the parts as loaded; mine: as the form has them now; theirs: as saved since.
// Returns the parts to save (theirs, with my changes applied where they do not collide) and the collisions,
// each with my part and theirs (null when they regrouped those lines into other parts).
function mergeParts(base, mine, theirs) {
  const baseBy = new Map(base.map((part) => [partKey(part), part]));
  const theirsBy = new Map(theirs.map((part) => [partKey(part), part]));
  const parts = theirs.map(editable);
  const conflicts = [];
  mine.forEach((part) => {
    const key = partKey(part);
    const before = baseBy.get(key);
    if (before && samePart(before, part)) return;  // not mine to merge
    const their = theirsBy.get(key);
    if (their && samePart(their, part)) return;  // we made the same change
    if (their && before && samePart(their, before)) {
      parts[theirs.indexOf(their)] = { ...editable(part), speaker_title: their.speaker_title || null };
      return;
    }
    conflicts.push({ key, index: their ? theirs.indexOf(their) : -1, mine: editable(part),
                     theirs: their ? editable(their) : null });
  });
  return { parts, conflicts };
}

// The parts to save once the person chose, for each collision, "mine" or "theirs" (by its key).
function resolveParts(merged, choices) {
  const parts = merged.parts.map((part) => ({ ...part }));
  merged.conflicts.forEach((conflict) => {
    if (conflict.index >= 0 && choices[conflict.key] === "mine") parts[conflict.index] = { ...conflict.mine };
  });
  return parts;
}

if (typeof window !== "undefined") Object.assign(window, { mergeParts, resolveParts, editable });
