/** A search highlight as the API gives it: [start, end) counted in code points. */
export type Span = readonly number[];

export interface Segment {
  text: string;
  marked: boolean;
}

/** The text cut at its highlights. Offsets count code points, as the API's do, so a character
 * outside the Basic Multilingual Plane (an emoji, 𠮷) is one position, not two UTF-16 units. */
export function segments(text: string, spans: Span[]): Segment[] {
  const points = Array.from(text);
  const parts: Segment[] = [];
  let at = 0;
  for (const [start = 0, end = 0] of [...spans].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))) {
    if (start < at) continue;
    if (start > at) parts.push({ text: points.slice(at, start).join(""), marked: false });
    parts.push({ text: points.slice(start, end).join(""), marked: true });
    at = end;
  }
  if (at < points.length) parts.push({ text: points.slice(at).join(""), marked: false });
  return parts;
}
