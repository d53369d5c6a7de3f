// A small client written against the types generated from docs/openapi.json: if the contract
// stops saying what a front end relies on, this file stops compiling (make client-check).
import type { components, operations } from "./generated/api";

export type FeedQuery = NonNullable<operations["listQuestions"]["parameters"]["query"]>;
export type FeedPage = components["schemas"]["QuestionSummaryPageOut"];
export type Ask = components["schemas"]["AskIn"];
export type Question = components["schemas"]["QuestionOut"];
export type Status = components["schemas"]["Status"];
export type FieldProblem = components["schemas"]["FieldProblemOut"];
export type ProblemCode = components["schemas"]["ProblemCode"];

/** A refusal a form can show: the message in the language asked for, and each field's. */
export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[],
  ) {
    super(message);
  }
}

export class YouthVoice {
  constructor(
    private readonly api: string,
    private readonly token?: string,
    private readonly language: "zh-CN" | "en" = "zh-CN",
  ) {}

  async feed(query: FeedQuery): Promise<FeedPage> {
    const given = Object.entries(query).filter(([, value]) => value !== null && value !== undefined);
    const search = new URLSearchParams(given.map(([name, value]) => [name, String(value)]));
    return this.call<FeedPage>(`/questions?${search}`);
  }

  async ask(question: Ask): Promise<Question> {
    return this.call<Question>("/questions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(question),
    });
  }

  private async call<Found>(path: string, init: RequestInit = {}): Promise<Found> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set("Authorization", `Bearer ${this.token}`);
    headers.set("Accept-Language", this.language);
    const response = await fetch(`${this.api}${path}`, { ...init, headers });
    if (!response.ok) {
      const { error }: components["schemas"]["ErrorOut"] = await response.json();
      throw new Refused(response.status, error.code, error.message, error.fields ?? []);
    }
    return (await response.json()) as Found;
  }
}

export async function resolvedInChangzhi(client: YouthVoice): Promise<string[]> {
  const wanted: Status = "resolved";
  const page = await client.feed({ platform_id: "sx-04", status: wanted, limit: 10 });
  return page.items.map((item) => `${item.title} (${item.status}, due ${item.due_at})`);
}

/** A title's hint from the limits alone, as a page words it without the server's message. */
export function titleHint(problem: FieldProblem): string | null {
  const wanted: ProblemCode = "too_short";
  if (problem.field !== "title" || problem.code !== wanted) return null;
  return `at least ${problem.limits.min ?? "?"} characters`;
}

// An ask may leave out what has a default (anonymous: false).
export const plainAsk: Ask = {
  platform_id: "sx-04",
  topic: "study",
  title: "考研还是工作？",
  body: "大四了，不知道怎么选。",
  tags: [],
};

// Each item of the experts list says which shape it is, so a page narrows on it.
type ExpertItem = components["schemas"]["ExpertPageOut"]["items"][number];
export function expertLine(item: ExpertItem): string {
  switch (item.shape) {
    case "full":
      return `${item.name} (${item.status})`;
    case "summary":
      return `${item.id}: ${item.open_assignments} open`;
  }
}

// A report's JSON answer is the report object; its files are typed on their own media types.
type RootStats = operations["rootStats"]["responses"][200]["content"];
export const statsAnswer = (stats: RootStats["application/json"]): number => stats.questions;
export type StatsCsv = RootStats["text/csv"];

// A notification's kind and a timeline step's kind are closed sets a switch can cover.
type NotificationKind = components["schemas"]["NotificationKind"];
export const isAboutAnActivity = (kind: NotificationKind): boolean =>
  kind === "promoted" || kind === "activity_cancelled";

// A feed entry renders alone: names, not ids to look up.
export const feedLine = (item: FeedPage["items"][number]): string =>
  `${item.topic_name} · ${item.platform_name} · ${item.asker.name} · ${item.answers} · ${item.snippet}`;

// Highlights are UTF-16 offsets: String.prototype.slice takes them as they are.
type Hit = components["schemas"]["SearchHitOut"];
export const marked = (hit: Hit): string[] =>
  hit.title_highlights.map(({ start, end }) => hit.title.slice(start, end));

// The supervision desk: how late each question is, counted to the server's time.
type Desk = operations["records"]["responses"][200]["content"]["application/json"];
export const lateHours = (desk: Desk): Array<[string, number]> =>
  desk.items.map((record) => [record.question_id, record.overdue_seconds / 3600]);
export const readAt = (desk: Desk): Date => new Date(desk.now);
