/** A search highlight as the API gives it: [start, end) in UTF-16 code units, as `slice`
 * counts, so a character outside the Basic Multilingual Plane (an emoji, 𠮷) is two. */
export interface Span {
  start: number;
  end: number;
}

export interface Segment {
  text: string;
  marked: boolean;
}

/** The text cut at its highlights, in reading order; an overlapping one is marked once. */
export function segments(text: string, spans: readonly Span[]): Segment[] {
  const parts: Segment[] = [];
  let at = 0;
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts;
}
