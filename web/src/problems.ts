/** An API refusal as a form shows it: each field's problems beside its input, the rest above
 * the button. The API words them in the language the page asked for (Accept-Language). */
import type { components } from "./generated/api";

type Refusal = components["schemas"]["ErrorOut"];

export interface Problems {
  /** What no input of the form names, or null when every problem sits beside an input. */
  general: string | null;
  /** Messages by the input they belong to. */
  fields: Record<string, string>;
}

export const NO_PROBLEMS: Problems = { general: null, fields: {} };

/** The input a field problem belongs to: its dotted path's first part (`tags.2` is `tags`). */
function inputOf(field: string, inputs: readonly string[]): string | undefined {
  const head = field.split(".", 1)[0] ?? field;
  return inputs.includes(head) ? head : undefined;
}

/** The problems of a refusal for a form with `inputs`; anything that is not a refusal the API
 * worded (a dropped connection, a proxy's page) is the `fallback`. */
export function problemsOf(refusal: unknown, inputs: readonly string[], fallback: string): Problems {
  if (!isRefusal(refusal)) return { general: fallback, fields: {} };
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const problem of refusal.error.fields ?? []) {
    const input = inputOf(problem.field, inputs);
    if (input === undefined) elsewhere.push(problem.message);
    else fields[input] = fields[input] ? `${fields[input]} ${problem.message}` : problem.message;
  }
  const placed = Object.keys(fields).length > 0;
  const general = elsewhere.length ? elsewhere.join(" ") : placed ? null : refusal.error.message;
  return { general, fields };
}

function isRefusal(value: unknown): value is Refusal {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error: unknown = value.error;
  return typeof error === "object" && error !== null && "message" in error && typeof error.message === "string";
}
