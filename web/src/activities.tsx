import { useEffect, useState } from "preact/hooks";
import { api, type Schemas, type Session } from "./api";
import { FieldProblem, GeneralProblem, invalid } from "./forms";
import { t, when } from "./i18n";
import { NO_PROBLEMS, problemsOf, type Problems } from "./problems";
import { platformName, type Catalogue } from "./shell";

type Activity = Schemas["ActivityOut"];
type Signup = Schemas["SignupOut"];

const PAGE_SIZE = 20;

/** At the door: a young person's check-in code, typed or read off their QR code by a scanner
 * that types it. */
function CheckIn({ activity, onCheckedIn }: { activity: Activity; onCheckedIn: () => void }) {
  const [code, setCode] = useState("");
  const [checked, setChecked] = useState<Signup[]>([]);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const scope = `${activity.id}-`;
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void api
          .POST("/activities/{activity_id}/checkins", {
            params: { path: { activity_id: activity.id } },
            body: { code: code.trim() },
          })
          .then(({ data, error }) => {
            if (!data) return setProblems(problemsOf(error, ["code"], t("failed")));
            setChecked([data, ...checked]);
            setCode("");
            setProblems(NO_PROBLEMS);
            onCheckedIn();
          });
      }}
    >
      <div class="filters">
        <label>
          {t("checkin_code")}
          <input
            name="code"
            value={code}
            maxLength={20}
            autoComplete="off"
            onInput={(event) => setCode(event.currentTarget.value)}
            {...invalid(problems, "code", scope)}
          />
          <FieldProblem problems={problems} name="code" scope={scope} />
        </label>
        <button type="submit" disabled={!code.trim()}>
          {t("check_in")}
        </button>
      </div>
      <GeneralProblem problems={problems} />
      {checked.length ? (
        <ul class="checked" aria-live="polite">
          {checked.map((signup) => (
            <li key={signup.user_id}>
              {t("checked_in_name")}
              {signup.name}
              {signup.places > 1 ? ` ×${signup.places}` : null}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}

/** The activities of the staff member's platform and below, latest start first, each with its
 * places and attendance and, while it is scheduled, check-in by code. */
export function Activities({ catalogue, session }: { catalogue: Catalogue; session: Session }) {
  const [items, setItems] = useState<Activity[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  async function load(from: string | null) {
    const { data } = await api.GET("/activities", {
      params: { query: { platform_id: session.platform, cursor: from, limit: PAGE_SIZE } },
    });
    setItems((shown) => (from && shown ? [...shown, ...(data?.items ?? [])] : (data?.items ?? [])));
    setCursor(data?.next_cursor ?? null);
  }
  /** The list is a projection, a moment behind; the activity itself counts the check-in at once. */
  async function reread(id: string) {
    const { data } = await api.GET("/activities/{activity_id}", { params: { path: { activity_id: id } } });
    if (data) setItems((shown) => shown?.map((each) => (each.id === id ? data : each)) ?? null);
  }
  useEffect(() => void load(null), []);
  if (!items) return <p class="quiet">{t("loading")}</p>;
  return (
    <section>
      <h1>{t("activities_title")}</h1>
      <ul class="questions">
        {items.map((activity) => (
          <li class="card" key={activity.id}>
            <strong class="question-title">{activity.title}</strong>
            <div class="meta">
              <span class="badge">{t(`activity_${activity.status}`)}</span>
              <time dateTime={activity.starts_at}>{when(activity.starts_at)}</time>
              <span>{activity.location}</span>
              <span>{platformName(catalogue, activity.platform_id)}</span>
            </div>
            <p class="meta">
              {t("confirmed")} {activity.confirmed} · {t("checked_in")} {activity.checked_in} · {t("places_left")}{" "}
              {activity.places_left}
            </p>
            {activity.stage === "scheduled" ? <CheckIn activity={activity} onCheckedIn={() => void reread(activity.id)} /> : null}
          </li>
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
