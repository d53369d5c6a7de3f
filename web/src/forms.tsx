import type { Problems } from "./problems";

/** Forms that show the API's problems set `noValidate`: the browser's own bubbles speak the
 * browser's language, the API's messages the page's. */

interface Invalid {
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

/** The attributes that tie an input to its problem, so a screen reader reads it with the input.
 * `scope` tells apart the forms of one page (a card each). */
export function invalid(problems: Problems, name: string, scope = ""): Invalid {
  return problems.fields[name] ? { "aria-invalid": true, "aria-describedby": `problem-${scope}${name}` } : {};
}

/** A field's problem, shown under its input. */
export function FieldProblem({ problems, name, scope = "" }: { problems: Problems; name: string; scope?: string }) {
  const message = problems.fields[name];
  return message ? (
    <span class="field-problem" id={`problem-${scope}${name}`}>
      {message}
    </span>
  ) : null;
}

/** What the API refused that no input names. */
export function GeneralProblem({ problems }: { problems: Problems }) {
  return problems.general ? (
    <p role="alert" class="problem">
      {problems.general}
    </p>
  ) : null;
}
