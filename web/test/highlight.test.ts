// The page's own logic, run by node's test runner (build.sh bundles it with esbuild first).
import { deepStrictEqual } from "node:assert";
import { test } from "node:test";
import { segments } from "../src/highlight";

test("highlights count UTF-16 units, so a character beyond the BMP shifts nothing after it", () => {
  // Given 𠮷 (two UTF-16 units) before the match, as the API counts it
  const text = "𠮷野家找工作";
  // Then the marked part is exactly the match
  deepStrictEqual(segments(text, [{ start: 4, end: 7 }]), [
    { text: "𠮷野家", marked: false },
    { text: "找工作", marked: true },
  ]);
});

test("an emoji before the match is two units too", () => {
  deepStrictEqual(segments("😀我想找工作", [{ start: 5, end: 7 }]), [
    { text: "😀我想找", marked: false },
    { text: "工作", marked: true },
  ]);
});

test("highlights out of order or overlapping are marked once, in reading order", () => {
  const spans = [
    { start: 5, end: 8 },
    { start: 0, end: 2 },
    { start: 1, end: 3 },
  ];
  deepStrictEqual(segments("毕业后怎么找工作", spans), [
    { text: "毕业", marked: true },
    { text: "后怎么", marked: false },
    { text: "找工作", marked: true },
  ]);
});

test("no highlights leave the text whole", () => {
  deepStrictEqual(segments("创业贷款", []), [{ text: "创业贷款", marked: false }]);
});
