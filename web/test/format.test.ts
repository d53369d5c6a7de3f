// The desk's durations and deadlines (src/format.ts).
import { deepStrictEqual } from "node:assert";
import { test } from "node:test";
import { duration, fromShanghaiInput, shanghaiInput } from "../src/format";

test("an overdue time shows its two largest units, in the page's language", () => {
  // Given 3 days, 4 hours and 5 minutes
  const seconds = ((3 * 24 + 4) * 60 + 5) * 60;
  // Then days and hours show, the minutes do not
  deepStrictEqual(duration(seconds, "zh-CN"), "3天4小时");
  deepStrictEqual(duration(seconds, "en"), "3 d 4 h");
});

test("under a day shows hours and minutes, whole ones, rounded down", () => {
  deepStrictEqual(duration(2 * 3600 + 15 * 60 + 59, "zh-CN"), "2小时15分钟");
  deepStrictEqual(duration(2 * 3600 + 15 * 60 + 59, "en"), "2 h 15 min");
});

test("a unit that is zero is left out", () => {
  deepStrictEqual(duration(2 * 86400 + 5 * 60, "zh-CN"), "2天");
  deepStrictEqual(duration(45 * 60, "en"), "45 min");
});

test("less than a minute says so rather than 0", () => {
  deepStrictEqual(duration(59, "zh-CN"), "不到1分钟");
  deepStrictEqual(duration(0, "en"), "under a minute");
});

test("a deadline a day later is offered on the province's wall clock, and read back with its offset", () => {
  // Given a deadline of 18:00 in Shanghai (10:00 UTC)
  const offered = shanghaiInput("2026-12-07T10:00:00Z", 1);
  // Then the input shows the next day at 18:00, whatever the browser's own zone
  deepStrictEqual(offered, "2026-12-08T18:00");
  // And what is sent is that wall-clock time in Shanghai, the same instant a day later
  deepStrictEqual(fromShanghaiInput(offered), "2026-12-08T18:00:00+08:00");
  deepStrictEqual(new Date(fromShanghaiInput(offered)).toISOString(), "2026-12-08T10:00:00.000Z");
});

test("a late-evening deadline crosses into the next calendar day in Shanghai", () => {
  deepStrictEqual(shanghaiInput("2026-12-31T17:30:00+00:00", 0), "2027-01-01T01:30");
});
