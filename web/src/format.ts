/** Durations and deadlines as the desk shows them; pure, so node's runner tests them. */
import type { Language } from "./i18n";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The province's offset: Asia/Shanghai keeps UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET = "+08:00";
const SHANGHAI_MS = 8 * HOUR * 1000;

const UNITS: Record<Language, { day: string; hour: string; minute: string; under: string; gap: string }> = {
  "zh-CN": { day: "天", hour: "小时", minute: "分钟", under: "不到1分钟", gap: "" },
  en: { day: " d", hour: " h", minute: " min", under: "under a minute", gap: " " },
};

/** How long, in its two largest units: 3天4小时, 2 h 15 min; whole units only, rounded down,
 * since an overdue time read as shorter than it is would be the worse mistake. */
export function duration(seconds: number, language: Language): string {
  const words = UNITS[language];
  const parts: string[] = [];
  const days = Math.floor(seconds / DAY);
  const hours = Math.floor((seconds % DAY) / HOUR);
  const minutes = Math.floor((seconds % HOUR) / MINUTE);
  if (days) parts.push(`${days}${words.day}`);
  if (hours) parts.push(`${hours}${words.hour}`);
  if (minutes && !days) parts.push(`${minutes}${words.minute}`);
  return parts.length ? parts.join(words.gap) : words.under;
}

/** A `datetime-local` input's value (the province's wall clock) for an instant `days` later. */
export function shanghaiInput(iso: string, days: number): string {
  const moment = new Date(new Date(iso).getTime() + days * DAY * 1000 + SHANGHAI_MS);
  return moment.toISOString().slice(0, 16);
}

/** A `datetime-local` value, read on the province's wall clock, as ISO 8601 with its offset. */
export function fromShanghaiInput(value: string): string {
  return `${value}:00${SHANGHAI_OFFSET}`;
}
