// An API refusal as a form shows it (src/problems.ts).
import { deepStrictEqual } from "node:assert";
import { test } from "node:test";
import { problemsOf } from "../src/problems";

function refusal(fields: { field: string; message: string }[] | undefined, message = "请求无效") {
  const problems = fields?.map((each) => ({ ...each, code: "invalid" as const, limits: {}, detail: "" }));
  return { error: { code: "validation_error", message, detail: "", ...(problems ? { fields: problems } : {}) } };
}

test("each field's message goes beside its input, and nothing is left for the top", () => {
  // Given two failing fields of the form
  const refused = refusal([
    { field: "title", message: "至少 5 个字" },
    { field: "body", message: "不能为空" },
  ]);
  // Then each is placed by its input
  deepStrictEqual(problemsOf(refused, ["title", "body"], "出错了"), {
    general: null,
    fields: { title: "至少 5 个字", body: "不能为空" },
  });
});

test("a nested path belongs to its input, and two problems of one input are both shown", () => {
  const refused = refusal([
    { field: "tags.2", message: "too long" },
    { field: "tags", message: "too many" },
  ]);
  deepStrictEqual(problemsOf(refused, ["tags"], "failed").fields, { tags: "too long too many" });
});

test("a field no input of the form names is shown above the button", () => {
  const refused = refusal([
    { field: "title", message: "至少 5 个字" },
    { field: "platform_id", message: "平台不存在" },
  ]);
  deepStrictEqual(problemsOf(refused, ["title"], "出错了"), {
    general: "平台不存在",
    fields: { title: "至少 5 个字" },
  });
});

test("a refusal without fields shows its message", () => {
  deepStrictEqual(problemsOf(refusal(undefined, "该问题已有官方回答，不能再修改"), ["title"], "出错了"), {
    general: "该问题已有官方回答，不能再修改",
    fields: {},
  });
});

test("anything that is not the API's refusal shows the page's own words", () => {
  deepStrictEqual(problemsOf("<html>Bad Gateway</html>", ["title"], "出错了"), { general: "出错了", fields: {} });
  deepStrictEqual(problemsOf(undefined, [], "failed"), { general: "failed", fields: {} });
});
