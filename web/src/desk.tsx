import { useEffect, useState } from "preact/hooks";
import { api, type Schemas } from "./api";
import { duration, fromShanghaiInput, shanghaiInput } from "./format";
import { FieldProblem, GeneralProblem, invalid } from "./forms";
import { language, t, when } from "./i18n";
import { NO_PROBLEMS, problemsOf, type Problems } from "./problems";
import { Link, platformName, topicName, type Catalogue } from "./shell";

type Entry = Schemas["SupervisionEntryOut"];
type Question = Schemas["QuestionDetailOut"];
type Expert = Schemas["ExpertOut"];
type CloseReason = Schemas["CloseIn"]["reason"];

const PAGE_SIZE = 20;
const EXPERTS_PAGE = 100;
/** How many experts a question may have invited at once (domain/routing.py INVITATIONS). */
const INVITATIONS = 3;
const CLOSE_REASONS: CloseReason[] = ["out_of_scope", "duplicate", "spam"];

/** The experts staff may invite to a question: those of its platform and the platforms above
 * it, nearest first, the ones for its topic ahead; full entries, since a person picks by name. */
async function expertsFor(question: Question): Promise<Expert[]> {
  const place = await api.GET("/platforms/{platform_id}", { params: { path: { platform_id: question.platform_id } } });
  const lineage = [question.platform_id, ...[...(place.data?.ancestors ?? [])].reverse()];
  const pages = await Promise.all(
    lineage.map((platform_id) => api.GET("/experts", { params: { query: { platform_id, limit: EXPERTS_PAGE } } })),
  );
  const active = pages
    .flatMap(({ data }) => data?.items ?? [])
    .filter((each): each is Expert => each.shape === "full" && each.status === "active");
  const knows = (expert: Expert) => expert.topics.includes(question.topic);
  return [...active.filter(knows), ...active.filter((expert) => !knows(expert))];
}

function Reassign(props: { catalogue: Catalogue; question: Question; onDone: (note: string) => void }) {
  const { catalogue, question, onDone } = props;
  const [experts, setExperts] = useState<Expert[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  useEffect(() => void expertsFor(question).then(setExperts), [question.id]);
  if (!experts) return <p class="quiet">{t("loading")}</p>;
  if (!experts.length) return <p class="quiet">{t("no_experts")}</p>;
  const scope = `${question.id}-`;
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void api
          .POST("/questions/{question_id}/reassign", {
            params: { path: { question_id: question.id } },
            body: { expert_ids: chosen },
          })
          .then(({ data, error }) =>
            data ? onDone(t("reassigned")) : setProblems(problemsOf(error, ["expert_ids"], t("failed"))),
          );
      }}
    >
      <fieldset>
        <legend>{t("pick_experts")}</legend>
        <ul class="choices">
          {experts.map((expert) => {
            const picked = chosen.includes(expert.id);
            return (
              <li key={expert.id}>
                <label class="inline">
                  <input
                    type="checkbox"
                    name="expert_ids"
                    value={expert.id}
                    checked={picked}
                    disabled={!picked && chosen.length >= INVITATIONS}
                    onChange={() => setChosen(picked ? chosen.filter((id) => id !== expert.id) : [...chosen, expert.id])}
                  />
                  <span>
                    {expert.name}
                    <span class="quiet"> · {platformName(catalogue, expert.platform_id)}</span>
                    {expert.topics.includes(question.topic) ? <span class="quiet"> · {t("topic_match")}</span> : null}
                    {question.assignees.includes(expert.id) ? <span class="badge invited">{t("invited_now")}</span> : null}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
        <FieldProblem problems={problems} name="expert_ids" scope={scope} />
      </fieldset>
      <GeneralProblem problems={problems} />
      <button type="submit" disabled={!chosen.length}>
        {t("reassign")}
      </button>
    </form>
  );
}

function Extend({ question, onDone }: { question: Question; onDone: (note: string) => void }) {
  const [until, setUntil] = useState(shanghaiInput(question.due_at, 1));
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  if (question.extended) return <p class="quiet">{t("already_extended")}</p>;
  const scope = `${question.id}-`;
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void api
          .POST("/questions/{question_id}/extend", {
            params: { path: { question_id: question.id } },
            body: { until: fromShanghaiInput(until), reason },
          })
          .then(({ data, error }) =>
            data ? onDone(t("extended")) : setProblems(problemsOf(error, ["until", "reason"], t("failed"))),
          );
      }}
    >
      <label>
        {t("extend_until")}
        <input
          type="datetime-local"
          name="until"
          value={until}
          onInput={(event) => setUntil(event.currentTarget.value)}
          {...invalid(problems, "until", scope)}
        />
        <FieldProblem problems={problems} name="until" scope={scope} />
      </label>
      <label>
        {t("reason")}
        <input name="reason" value={reason} maxLength={500} onInput={(event) => setReason(event.currentTarget.value)} {...invalid(problems, "reason", scope)} />
        <FieldProblem problems={problems} name="reason" scope={scope} />
      </label>
      <GeneralProblem problems={problems} />
      <button type="submit">{t("extend")}</button>
    </form>
  );
}

function Close({ question, onDone }: { question: Question; onDone: (note: string) => void }) {
  const [reason, setReason] = useState<CloseReason>("out_of_scope");
  const [duplicateOf, setDuplicateOf] = useState("");
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const scope = `${question.id}-`;
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const duplicate = reason === "duplicate" ? duplicateOf.trim() : null;
        void api
          .POST("/questions/{question_id}/close", {
            params: { path: { question_id: question.id } },
            body: { reason, duplicate_of: duplicate },
          })
          .then(({ data, error }) =>
            data ? onDone(t("closed_done")) : setProblems(problemsOf(error, ["reason", "duplicate_of"], t("failed"))),
          );
      }}
    >
      <label>
        {t("close_reason")}
        <select name="close_reason" value={reason} onChange={(event) => setReason(event.currentTarget.value as CloseReason)}>
          {CLOSE_REASONS.map((each) => (
            <option value={each} key={each}>
              {t(`close_${each}`)}
            </option>
          ))}
        </select>
        <FieldProblem problems={problems} name="reason" scope={scope} />
      </label>
      {reason === "duplicate" ? (
        <label>
          {t("duplicate_of")}
          <input
            name="duplicate_of"
            value={duplicateOf}
            onInput={(event) => setDuplicateOf(event.currentTarget.value)}
            {...invalid(problems, "duplicate_of", scope)}
          />
          <FieldProblem problems={problems} name="duplicate_of" scope={scope} />
        </label>
      ) : null}
      <GeneralProblem problems={problems} />
      <button type="submit" class="danger">
        {t("close")}
      </button>
    </form>
  );
}

/** Reassign, extend or close one case; the question is read first for its platform, experts
 * and whether its deadline was extended already. */
function CaseActions(props: { catalogue: Catalogue; entry: Entry; onDone: (note: string) => void }) {
  const { catalogue, entry, onDone } = props;
  const [question, setQuestion] = useState<Question | null>(null);
  useEffect(() => {
    void api
      .GET("/questions/{question_id}", { params: { path: { question_id: entry.question_id } } })
      .then(({ data }) => setQuestion(data ?? null));
  }, [entry.question_id]);
  if (!question) return <p class="quiet">{t("loading")}</p>;
  return (
    <div class="case-actions">
      <section aria-label={t("reassign")}>
        <h2>{t("reassign")}</h2>
        <Reassign catalogue={catalogue} question={question} onDone={onDone} />
      </section>
      <section aria-label={t("extend")}>
        <h2>{t("extend")}</h2>
        <Extend question={question} onDone={onDone} />
      </section>
      <section aria-label={t("close")}>
        <h2>{t("close")}</h2>
        <Close question={question} onDone={onDone} />
      </section>
    </div>
  );
}

function Case({ catalogue, entry, onChanged }: { catalogue: Catalogue; entry: Entry; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const deadline = entry.question_due_at ?? entry.due_at;
  return (
    <li class="card case">
      <Link to={`/q/${entry.question_id}`} class="question-title">
        {entry.title}
      </Link>
      <div class="meta">
        {entry.overdue_seconds > 0 ? (
          <strong class="overdue">
            {t("overdue")} {duration(entry.overdue_seconds, language())}
          </strong>
        ) : (
          <span>{t("not_overdue")}</span>
        )}
        <span class="badge">{t(`level_${entry.level}`)}</span>
        <span>{topicName(catalogue, entry.topic)}</span>
        <span>{platformName(catalogue, entry.platform_id)}</span>
      </div>
      <dl class="facts">
        <dt>{t("question_deadline")}</dt>
        <dd>
          <time dateTime={deadline}>{when(deadline)}</time>
        </dd>
        <dt>{t("record_deadline")}</dt>
        <dd>
          <time dateTime={entry.due_at}>{when(entry.due_at)}</time>
        </dd>
        {entry.department ? (
          <>
            <dt>{t("department")}</dt>
            <dd>{entry.department}</dd>
          </>
        ) : null}
      </dl>
      {note ? (
        <p role="status" class="done">
          {note}
        </p>
      ) : null}
      <button type="button" class="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t("hide") : t("handle")}
      </button>
      {open ? (
        <CaseActions
          catalogue={catalogue}
          entry={entry}
          onDone={(done) => {
            setNote(done);
            setOpen(false);
            onChanged();
          }}
        />
      ) : null}
    </li>
  );
}

/** The 督办 desk: the open supervision records of the staff member's platform and below, most
 * overdue first, as the API orders them; overdue times count to the server's `now`. */
export function Desk({ catalogue }: { catalogue: Catalogue }) {
  const [page, setPage] = useState<Schemas["SupervisionPageOut"] | null>(null);
  const [failed, setFailed] = useState(false);
  async function load(from: string | null) {
    const { data } = await api.GET("/supervision", { params: { query: { cursor: from, limit: PAGE_SIZE } } });
    if (!data) return setFailed(true);
    setPage((shown) => (from && shown ? { ...data, items: [...shown.items, ...data.items] } : data));
  }
  useEffect(() => void load(null), []);
  if (failed) return <p role="alert">{t("failed")}</p>;
  if (!page) return <p class="quiet">{t("loading")}</p>;
  return (
    <section>
      <h1>{t("desk_title")}</h1>
      <p class="quiet">
        {t("desk_hint")} {t("server_time")} <time dateTime={page.now}>{when(page.now)}</time>
      </p>
      <ul class="questions cases">
        {page.items.map((entry) => (
          <Case catalogue={catalogue} entry={entry} key={`${entry.question_id}-${entry.level}`} onChanged={() => void load(null)} />
        ))}
      </ul>
      {page.items.length === 0 ? <p class="quiet">{t("nothing_yet")}</p> : null}
      {page.next_cursor ? (
        <button type="button" onClick={() => void load(page.next_cursor)}>
          {t("more")}
        </button>
      ) : null}
    </section>
  );
}
