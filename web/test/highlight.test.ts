// The page's own logic, run by node's test runner (build.sh bundles it with esbuild first).
import { deepStrictEqual } from "node:assert";
import { test } from "node:test";
import { segments } from "../src/highlight";

test("highlights count code points, so a character beyond the BMP shifts nothing after it", () => {
  // Given 𠮷 (two UTF-16 units, one code point) before the match, as the API counts it
  const text = "𠮷野家找工作";
  // Then the marked part is exactly the match
  deepStrictEqual(segments(text, [[3, 6]]), [
    { text: "𠮷野家", marked: false },
    { text: "找工作", marked: true },
  ]);
});

test("highlights out of order or overlapping are marked once, in reading order", () => {
  deepStrictEqual(segments("毕业后怎么找工作", [[5, 8], [0, 2], [1, 3]]), [
    { text: "毕业", marked: true },
    { text: "后怎么", marked: false },
    { text: "找工作", marked: true },
  ]);
});

test("no highlights leave the text whole", () => {
  deepStrictEqual(segments("创业贷款", []), [{ text: "创业贷款", marked: false }]);
});
