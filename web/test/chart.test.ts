// The statistics chart's geometry and the province's date (src/chart.ts).
import { deepStrictEqual } from "node:assert";
import { test } from "node:test";
import { barGroups, shanghaiDate } from "../src/chart";

test("the largest value fills the height and the others scale with it", () => {
  // Given two months of questions and answered questions
  const groups = barGroups(
    [
      { label: "2026-10", values: [10, 5] },
      { label: "2026-11", values: [20, 0] },
    ],
    200,
    100,
  );
  // Then the 20 is full height, the 10 half, the 5 a quarter, the 0 flat on the axis
  deepStrictEqual(
    groups.map((group) => group.bars.map((bar) => [bar.y, bar.height])),
    [
      [
        [50, 50],
        [75, 25],
      ],
      [
        [0, 100],
        [100, 0],
      ],
    ],
  );
  // And each point has its own slot, the bars side by side within it
  deepStrictEqual(
    groups.map((group) => group.bars.map((bar) => bar.x)),
    [
      [10, 50],
      [110, 150],
    ],
  );
});

test("a range with nothing in it draws no bar taller than zero", () => {
  const groups = barGroups([{ label: "d", values: [0, 0] }], 100, 50);
  deepStrictEqual(
    groups[0]?.bars.map((bar) => bar.height),
    [0, 0],
  );
});

test("the province's date is a day ahead of UTC's from 16:00 UTC", () => {
  deepStrictEqual(shanghaiDate(new Date("2026-12-06T15:59:00Z")), "2026-12-06");
  deepStrictEqual(shanghaiDate(new Date("2026-12-06T16:00:00Z")), "2026-12-07");
  deepStrictEqual(shanghaiDate(new Date("2026-12-06T16:00:00Z"), 30), "2026-11-07");
});
