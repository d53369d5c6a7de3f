// Bundle the console into dist/ and hold the first screen's script to its budget: a young
// person on a phone downloads all of it before anything shows.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET_GZIPPED_BYTES = 150 * 1024;
const OUT = "dist";

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT);
await build({
  entryPoints: ["src/main.tsx"],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  jsx: "automatic",
  jsxImportSource: "preact",
  outfile: `${OUT}/app.js`,
  logLevel: "warning",
});
copyFileSync("index.html", `${OUT}/index.html`);
copyFileSync("src/style.css", `${OUT}/style.css`);

const gzipped = gzipSync(readFileSync(`${OUT}/app.js`), { level: 9 }).length;
const line = `console: app.js is ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_GZIPPED_BYTES / 1024} KB)`;
if (gzipped > BUDGET_GZIPPED_BYTES) {
  console.error(`${line}: over budget`);
  process.exit(1);
}
console.log(line);
