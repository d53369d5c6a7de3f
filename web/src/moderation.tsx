import { useEffect, useState } from "preact/hooks";
import { api, type Schemas } from "./api";
import { FieldProblem, GeneralProblem, invalid } from "./forms";
import { t, when } from "./i18n";
import { NO_PROBLEMS, problemsOf, type Problems } from "./problems";
import { Link, platformName, type Catalogue } from "./shell";

type Entry = Schemas["ModerationEntryOut"];
type Action = Schemas["ModerationIn"]["action"];

const PAGE_SIZE = 20;

function Held({ catalogue, entry }: { catalogue: Catalogue; entry: Entry }) {
  const [reason, setReason] = useState("");
  const [decided, setDecided] = useState<Schemas["Visibility"] | null>(null);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const scope = `${entry.item_id}-`;

  function decide(action: Action) {
    void api
      .POST("/moderation/{item_id}", { params: { path: { item_id: entry.item_id } }, body: { action, reason } })
      .then(({ data, error }) =>
        data ? setDecided(data.visibility) : setProblems(problemsOf(error, ["reason"], t("failed"))),
      );
  }

  return (
    <li class="card">
      <div class="meta">
        <span class="badge">{t(`kind_${entry.kind}`)}</span>
        <span class={decided ? `badge badge-${decided}` : "badge badge-held"}>
          {decided === "visible" ? t("approved") : decided === "removed" ? t("removed") : t("held")}
        </span>
        <span>{platformName(catalogue, entry.platform_id)}</span>
        <time dateTime={entry.created_at}>{when(entry.created_at)}</time>
      </div>
      <Link to={`/q/${entry.question_id}`} class="question-title">
        {entry.title}
      </Link>
      <p class="body excerpt">{entry.excerpt}</p>
      {decided ? null : (
        <form class="stack" noValidate onSubmit={(event) => event.preventDefault()}>
          <label>
            {t("moderation_reason")}
            <input
              name="reason"
              value={reason}
              maxLength={500}
              onInput={(event) => setReason(event.currentTarget.value)}
              {...invalid(problems, "reason", scope)}
            />
            <FieldProblem problems={problems} name="reason" scope={scope} />
          </label>
          <GeneralProblem problems={problems} />
          <div class="filters">
            <button type="button" onClick={() => decide("approve")}>
              {t("approve")}
            </button>
            <button type="button" class="danger" disabled={!reason.trim()} onClick={() => decide("remove")}>
              {t("remove")}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

/** Held questions and answers of the staff member's platform and below; a decision shows on
 * its card at once (the queue itself is a projection, and catches up a moment later). */
export function Moderation({ catalogue }: { catalogue: Catalogue }) {
  const [items, setItems] = useState<Entry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  async function load(from: string | null) {
    const { data } = await api.GET("/moderation/queue", { params: { query: { cursor: from, limit: PAGE_SIZE } } });
    if (!data) return setFailed(true);
    setItems((shown) => (from && shown ? [...shown, ...data.items] : data.items));
    setCursor(data.next_cursor);
  }
  useEffect(() => void load(null), []);
  if (failed) return <p role="alert">{t("failed")}</p>;
  if (!items) return <p class="quiet">{t("loading")}</p>;
  return (
    <section>
      <h1>{t("moderation_title")}</h1>
      <p class="quiet">{t("moderation_hint")}</p>
      <ul class="questions">
        {items.map((entry) => (
          <Held catalogue={catalogue} entry={entry} key={entry.item_id} />
        ))}
      </ul>
      {items.length === 0 ? <p class="quiet">{t("nothing_yet")}</p> : null}
      {cursor ? (
        <button type="button" onClick={() => void load(cursor)}>
          {t("more")}
        </button>
      ) : null}
    </section>
  );
}
