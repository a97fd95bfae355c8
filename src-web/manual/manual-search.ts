/**
 * Finding words in the rendered 使用说明: every occurrence is wrapped in <mark class="manual-hit">
 * inside the content element, in document order, so the viewer can count them, colour the current
 * one and scroll to it. Only text nodes are touched (never the markup around them), and a search
 * marks at most MAX_HITS places, so a one-letter query in a long manual stays quick.
 */
export const MAX_HITS = 500;
/** Longer than any phrase worth searching for; more is cut off rather than matched. */
export const MAX_QUERY_LENGTH = 50;

const HIT_CLASS = 'manual-hit';

/** Removes the marks of the previous search, leaving the text exactly as rendered. */
export function clearHits(root: HTMLElement): void {
  const parents = new Set<Node>();
  for (const mark of Array.from(root.querySelectorAll(`mark.${HIT_CLASS}`))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    parent.replaceChild(document.createTextNode(mark.textContent ?? ''), mark);
    parents.add(parent);
  }
  // Joins the text nodes split by the marks again, so the next search sees whole words.
  for (const parent of parents) parent.normalize();
}

/** The query as searched: trimmed, at most MAX_QUERY_LENGTH characters; '' searches nothing. */
export function searchText(query: string): string {
  return query.trim().slice(0, MAX_QUERY_LENGTH);
}

/**
 * Marks where `query` occurs (letters in any case) in the text under `root` and returns the marks in
 * document order, at most `max`. An occurrence split by markup (half of it bold) is not found.
 */
export function markHits(root: HTMLElement, query: string, max = MAX_HITS): HTMLElement[] {
  const needle = searchText(query).toLowerCase();
  if (!needle) return [];
  const found: Array<{ node: Text; at: number[] }> = [];
  let count = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node && count < max; node = walker.nextNode() as Text | null) {
    const text = node.data;
    const lower = text.toLowerCase();
    // toLowerCase keeps the length for the letters a manual has; where it would not, match exactly.
    const hay = lower.length === text.length ? lower : text;
    const at: number[] = [];
    for (let i = hay.indexOf(needle); i >= 0 && count < max; i = hay.indexOf(needle, i + needle.length)) {
      at.push(i);
      count += 1;
    }
    if (at.length > 0) found.push({ node, at });
  }
  const marks: HTMLElement[] = [];
  for (const { node, at } of found) {
    // From the end backwards, so the earlier offsets in the same text node stay right.
    const inNode: HTMLElement[] = [];
    for (let k = at.length - 1; k >= 0; k--) {
      const start = at[k]!;
      const hit = node.splitText(start);
      hit.splitText(needle.length);
      const mark = document.createElement('mark');
      mark.className = HIT_CLASS;
      mark.textContent = hit.data;
      hit.parentNode!.replaceChild(mark, hit);
      inNode.unshift(mark);
    }
    marks.push(...inNode);
  }
  return marks;
}

/**
 * For each heading (in document order), how many of the marks (in document order) come after it and
 * before the next heading: the counts the table of contents shows beside each section.
 */
export function hitsPerHeading(headings: readonly Element[], marks: readonly Element[]): Map<string, number> {
  const counts = new Map<string, number>();
  let h = -1;
  for (const mark of marks) {
    while (h + 1 < headings.length && headings[h + 1]!.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING) h += 1;
    if (h < 0) continue;
    const id = headings[h]!.id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
