import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, devSignIn, loadSession, saveSession, type Schemas, type Session } from "./api";
import { language, setLanguage, t, when, type MessageKey } from "./i18n";
import { segments, type Span } from "./highlight";
import { Activities } from "./activities";
import { AcceptButton, acceptable, AskerActions, isAsker } from "./asker";
import { Desk } from "./desk";
import { FieldProblem, GeneralProblem, invalid } from "./forms";
import { NO_PROBLEMS, problemsOf, type Problems } from "./problems";
import { Moderation } from "./moderation";
import { Stats } from "./stats";
import { currentRoute, Link, loadCatalogue, navigate, platformName, StatusBadge, topicName, type Catalogue } from "./shell";

const PAGE_SIZE = 20;
const SIMILAR_DELAY_MS = 300;
const ASK_INPUTS = ["title", "body", "topic", "platform_id"];

type Status = Schemas["Status"];

async function searchPage(q: string, cursor: string | null) {
  return (await api.GET("/search", { params: { query: { q, cursor, limit: PAGE_SIZE } } })).data;
}
/** A hit as openapi-fetch hands it over: its reading of the response widens the schema's
 * highlight pairs ([number, number][]) to number[][]. */
type SearchHit = NonNullable<Awaited<ReturnType<typeof searchPage>>>["items"][number];

function PlatformSelect(props: { catalogue: Catalogue; value: string; onChange: (id: string) => void }) {
  return (
    <label>
      {t("platform")}
      <select name="platform_id" value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.catalogue.platforms.map((platform) => (
          <option value={platform.id} key={platform.id}>
            {platform.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function TopicSelect(props: { catalogue: Catalogue; value: string; onChange: (id: string) => void; any?: boolean }) {
  return (
    <label>
      {t("topic")}
      <select name="topic" value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.any ? <option value="">{t("all_topics")}</option> : null}
        {props.catalogue.topics.map((topic) => (
          <option value={topic.id} key={topic.id}>
            {language() === "en" ? topic.en : topic.zh}
          </option>
        ))}
      </select>
    </label>
  );
}

function Feed({ catalogue }: { catalogue: Catalogue }) {
  const [platform, setPlatform] = useState(catalogue.platforms[0]?.id ?? "");
  const [topic, setTopic] = useState("");
  const [items, setItems] = useState<Schemas["QuestionSummaryOut"][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");

  async function load(from: string | null) {
    setState("loading");
    const { data } = await api.GET("/questions", {
      params: { query: { platform_id: platform, topic: topic || null, cursor: from, limit: PAGE_SIZE } },
    });
    if (!data) return setState("failed");
    setItems((shown) => (from ? [...shown, ...data.items] : data.items));
    setCursor(data.next_cursor);
    setState("ready");
  }

  useEffect(() => {
    if (platform) void load(null);
  }, [platform, topic]);

  return (
    <section>
      <h1>{t("nav_feed")}</h1>
      <div class="filters">
        <PlatformSelect catalogue={catalogue} value={platform} onChange={setPlatform} />
        <TopicSelect catalogue={catalogue} value={topic} onChange={setTopic} any />
      </div>
      <QuestionList catalogue={catalogue} items={items} />
      {state === "ready" && items.length === 0 ? <p class="quiet">{t("empty")}</p> : null}
      {state === "failed" ? <p role="alert">{t("failed")}</p> : null}
      {state === "loading" ? <p class="quiet">{t("loading")}</p> : null}
      {cursor && state === "ready" ? (
        <button type="button" onClick={() => void load(cursor)}>
          {t("more")}
        </button>
      ) : null}
    </section>
  );
}

function QuestionList(props: {
  catalogue: Catalogue;
  items: { id: string; title: string; status: Status; topic: string; platform_id: string; created_at: string }[];
}) {
  return (
    <ul class="questions">
      {props.items.map((item) => (
        <li key={item.id} class="card">
          <Link to={`/q/${item.id}`} class="question-title">
            {item.title}
          </Link>
          <div class="meta">
            <StatusBadge status={item.status} />
            <span>{topicName(props.catalogue, item.topic)}</span>
            <span>{platformName(props.catalogue, item.platform_id)}</span>
            <time dateTime={item.created_at}>{when(item.created_at)}</time>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** `accepted` comes from the question, which names its accepted answer as soon as it is chosen. */
function Answer(props: { answer: Schemas["AnswerOut"]; accepted?: boolean; children?: preact.ComponentChildren }) {
  const { answer, accepted, children } = props;
  return (
    <article class={accepted ? "card answer accepted" : "card answer"}>
      <header class="meta">
        <strong>{answer.author.name}</strong>
        {accepted ? <span class="badge badge-resolved">{t("accepted")}</span> : null}
        <time dateTime={answer.created_at}>{when(answer.created_at)}</time>
      </header>
      <p class="body">{answer.body}</p>
      <footer class="meta">
        {answer.likes} {t("likes")}
      </footer>
      {children}
    </article>
  );
}

function QuestionPage({ id, catalogue, session }: { id: string; catalogue: Catalogue; session: Session | null }) {
  const [question, setQuestion] = useState<Schemas["QuestionDetailOut"] | null>(null);
  const [failed, setFailed] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void api.GET("/questions/{question_id}", { params: { path: { question_id: id } } }).then(({ data }) => {
      if (data) setQuestion(data);
      else setFailed(true);
    });
  }, [id, version]);
  if (failed) return <p role="alert">{t("failed")}</p>;
  if (!question) return <p class="quiet">{t("loading")}</p>;
  const asking = isAsker(question, session);
  const changed = () => setVersion((seen) => seen + 1);
  return (
    <section>
      <h1>{question.title}</h1>
      <div class="meta">
        <StatusBadge status={question.status} />
        <span>{topicName(catalogue, question.topic)}</span>
        <span>
          {t("asker")} {question.asker.name}
        </span>
        <span>
          {t("asked_at")} <time dateTime={question.created_at}>{when(question.created_at)}</time>
        </span>
        <span>
          {t("due_at")} <time dateTime={question.due_at}>{when(question.due_at)}</time>
        </span>
        {question.close_reason ? (
          <span>
            {t("closed_because")} {t(`close_${question.close_reason}`)}
          </span>
        ) : null}
      </div>
      <p class="body">{question.body}</p>
      {asking ? <AskerActions question={question} onChanged={changed} /> : null}
      <h2>{t("official_answers")}</h2>
      {question.answers.length ? (
        question.answers.map((a) => (
          <Answer answer={a} key={a.id} accepted={a.id === question.accepted_answer_id}>
            {asking && acceptable(question, a) ? <AcceptButton question={question} answer={a} onDone={changed} /> : null}
          </Answer>
        ))
      ) : (
        <p class="quiet">{t("no_answers")}</p>
      )}
      <h2>{t("peer_answers")}</h2>
      {question.peer_answers.length ? (
        question.peer_answers.map((a) => <Answer answer={a} key={a.id} />)
      ) : (
        <p class="quiet">{t("no_answers")}</p>
      )}
    </section>
  );
}

function Highlighted({ text, spans }: { text: string; spans: Span[] }) {
  return (
    <>
      {segments(text, spans).map((part, index) => (part.marked ? <mark key={index}>{part.text}</mark> : part.text))}
    </>
  );
}

function HitList({ catalogue, hits }: { catalogue: Catalogue; hits: SearchHit[] }) {
  return (
    <ul class="questions">
      {hits.map((hit) => (
        <li key={hit.id} class="card">
          <Link to={`/q/${hit.id}`} class="question-title">
            <Highlighted text={hit.title} spans={hit.title_highlights} />
          </Link>
          <p class="snippet">
            <Highlighted text={hit.snippet} spans={hit.snippet_highlights} />
          </p>
          <div class="meta">
            <StatusBadge status={hit.status} />
            <span>{topicName(catalogue, hit.topic)}</span>
            <span>{platformName(catalogue, hit.platform_id)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

function Search({ catalogue, initial }: { catalogue: Catalogue; initial: string }) {
  const [text, setText] = useState(initial);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);

  async function run(q: string, from: string | null) {
    const data = await searchPage(q, from);
    setHits((shown) => (from && shown ? [...shown, ...(data?.items ?? [])] : (data?.items ?? [])));
    setCursor(data?.next_cursor ?? null);
  }

  useEffect(() => {
    if (initial) void run(initial, null);
  }, [initial]);

  return (
    <section>
      <h1>{t("nav_search")}</h1>
      <form
        role="search"
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) navigate(`/search?q=${encodeURIComponent(text.trim())}`);
        }}
      >
        <label>
          {t("search_label")}
          <input type="search" value={text} maxLength={100} onInput={(event) => setText(event.currentTarget.value)} />
        </label>
        <button type="submit">{t("search_button")}</button>
      </form>
      {hits ? <HitList catalogue={catalogue} hits={hits} /> : null}
      {hits && hits.length === 0 ? <p class="quiet">{t("no_results")}</p> : null}
      {cursor ? (
        <button type="button" onClick={() => void run(initial, cursor)}>
          {t("more")}
        </button>
      ) : null}
    </section>
  );
}

const ROLES: Schemas["Role"][] = ["youth", "expert", "staff", "admin"];
const STAFF = new Set<Schemas["Role"]>(["staff", "admin"]);
const STAFF_SCREENS: [string, MessageKey][] = [
  ["/desk", "nav_desk"],
  ["/moderation", "nav_moderation"],
  ["/stats", "nav_stats"],
  ["/activities", "nav_activities"],
];
const SIGNED_IN_HOME: Partial<Record<Schemas["Role"], string>> = { youth: "/ask", expert: "/invitations", staff: "/desk" };

function SignIn({ catalogue, onSignedIn }: { catalogue: Catalogue; onSignedIn: (session: Session) => void }) {
  const [sub, setSub] = useState("dev-youth");
  const [role, setRole] = useState<Schemas["Role"]>("youth");
  const [platform, setPlatform] = useState(catalogue.platforms[0]?.id ?? "");
  const [failed, setFailed] = useState(false);
  return (
    <section>
      <h1>{t("sign_in_title")}</h1>
      <p class="quiet">{t("sign_in_hint")}</p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          devSignIn(sub, role, platform || null).then(onSignedIn, () => setFailed(true));
        }}
      >
        <label>
          {t("user_id")}
          <input name="sub" value={sub} required onInput={(event) => setSub(event.currentTarget.value)} />
        </label>
        <label>
          {t("role")}
          <select name="role" value={role} onChange={(event) => setRole(event.currentTarget.value as Schemas["Role"])}>
            {ROLES.map((each) => (
              <option value={each} key={each}>
                {t(`role_${each}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("platform")}
          <input name="platform" list="platforms" value={platform} onInput={(event) => setPlatform(event.currentTarget.value)} />
          <datalist id="platforms">
            {catalogue.platforms.map((each) => (
              <option value={each.id} key={each.id}>
                {each.name}
              </option>
            ))}
          </datalist>
        </label>
        {failed ? <p role="alert">{t("failed")}</p> : null}
        <button type="submit">{t("sign_in_button")}</button>
      </form>
    </section>
  );
}

function Ask({ catalogue, session }: { catalogue: Catalogue; session: Session }) {
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [topic, setTopic] = useState(catalogue.topics[0]?.id ?? "");
  const [platform, setPlatform] = useState(session.platform ?? catalogue.platforms[0]?.id ?? "");
  const [anonymous, setAnonymous] = useState(false);
  const [similar, setSimilar] = useState<SearchHit[]>([]);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);

  useEffect(() => {
    const draft = title.trim();
    if (!draft) return setSimilar([]);
    const timer = window.setTimeout(() => {
      void api
        .GET("/questions/similar", { params: { query: { title: draft, topic: topic || null } } })
        .then(({ data }) => setSimilar(data?.items ?? []));
    }, SIMILAR_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [title, topic]);

  return (
    <section>
      <h1>{t("ask_title")}</h1>
      <form
        class="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void api
            .POST("/questions", { body: { title, body, topic, platform_id: platform, anonymous, tags: [] } })
            .then(({ data, error }) => {
              if (data) navigate("/mine");
              else setProblems(problemsOf(error, ASK_INPUTS, t("failed")));
            });
        }}
      >
        <label>
          {t("question_title")}
          <input name="title" value={title} maxLength={100} onInput={(event) => setTitle(event.currentTarget.value)} {...invalid(problems, "title")} />
          <FieldProblem problems={problems} name="title" />
        </label>
        {similar.length ? (
          <div class="similar" aria-live="polite">
            <h2>{t("similar")}</h2>
            <HitList catalogue={catalogue} hits={similar} />
          </div>
        ) : null}
        <label>
          {t("question_body")}
          <textarea name="body" value={body} maxLength={5000} rows={5} onInput={(event) => setBody(event.currentTarget.value)} {...invalid(problems, "body")} />
          <FieldProblem problems={problems} name="body" />
        </label>
        <TopicSelect catalogue={catalogue} value={topic} onChange={setTopic} />
        <PlatformSelect catalogue={catalogue} value={platform} onChange={setPlatform} />
        <label class="inline">
          <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.currentTarget.checked)} />
          {t("anonymous")}
        </label>
        <GeneralProblem problems={problems} />
        <button type="submit">{t("submit")}</button>
      </form>
    </section>
  );
}

function Mine({ catalogue }: { catalogue: Catalogue }) {
  const [items, setItems] = useState<Schemas["QuestionOut"][] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  async function load(from: string | null) {
    const { data } = await api.GET("/me/questions", { params: { query: { cursor: from, limit: PAGE_SIZE } } });
    setItems((shown) => (from && shown ? [...shown, ...(data?.items ?? [])] : (data?.items ?? [])));
    setCursor(data?.next_cursor ?? null);
  }
  useEffect(() => void load(null), []);
  return (
    <section>
      <h1>{t("mine_title")}</h1>
      {items ? <QuestionList catalogue={catalogue} items={items} /> : <p class="quiet">{t("loading")}</p>}
      {items && items.length === 0 ? <p class="quiet">{t("empty")}</p> : null}
      {cursor ? (
        <button type="button" onClick={() => void load(cursor)}>
          {t("more")}
        </button>
      ) : null}
    </section>
  );
}

function Notifications() {
  const [inbox, setInbox] = useState<Schemas["InboxOut"] | null>(null);
  async function load() {
    const { data } = await api.GET("/me/notifications", { params: { query: { limit: PAGE_SIZE } } });
    setInbox(data ?? null);
  }
  useEffect(() => void load(), []);
  if (!inbox) return <p class="quiet">{t("loading")}</p>;
  return (
    <section>
      <h1>{t("nav_notifications")}</h1>
      <div class="filters">
        <p class="quiet">
          {t("unread")} {inbox.unread}
        </p>
        {inbox.unread ? (
          <button
            type="button"
            onClick={() =>
              void api.POST("/me/notifications/read", { body: { all: true, desk: false, ids: null } }).then(load)
            }
          >
            {t("mark_all_read")}
          </button>
        ) : null}
      </div>
      <ul class="questions">
        {inbox.items.map((note) => (
          <li key={note.id} class={note.read ? "card" : "card unread"}>
            {note.question_id ? (
              <Link to={`/q/${note.question_id}`} class="question-title">
                {note.title}
              </Link>
            ) : (
              <strong>{note.title}</strong>
            )}
            <p class="snippet">{note.detail}</p>
            <time class="meta" dateTime={note.created_at}>
              {when(note.created_at)}
            </time>
          </li>
        ))}
      </ul>
      {inbox.items.length === 0 ? <p class="quiet">{t("nothing_yet")}</p> : null}
    </section>
  );
}

function Invitation({ invitation, onDone }: { invitation: Schemas["AssignmentOut"]; onDone: () => void }) {
  const [body, setBody] = useState("");
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const question = { params: { path: { question_id: invitation.question_id } } };
  return (
    <li class="card">
      <Link to={`/q/${invitation.question_id}`} class="question-title">
        {invitation.title ?? invitation.question_id}
      </Link>
      <div class="meta">
        <span class="badge">{t(`state_${invitation.state}` as MessageKey)}</span>
        {invitation.due_at ? (
          <span>
            {t("due_at")} <time dateTime={invitation.due_at}>{when(invitation.due_at)}</time>
          </span>
        ) : null}
      </div>
      {invitation.state === "invited" ? (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void api.POST("/questions/{question_id}/answers", { ...question, body: { body } }).then(({ data, error }) => {
              if (data) onDone();
              else setProblem(error?.error.message ?? t("failed"));
            });
          }}
        >
          <label>
            {t("your_answer")}
            <textarea name="answer" value={body} required maxLength={5000} rows={4} onInput={(event) => setBody(event.currentTarget.value)} />
          </label>
          {problem ? <p role="alert">{problem}</p> : null}
          <div class="filters">
            <button type="submit">{t("answer")}</button>
          </div>
          <div class="filters">
            <label>
              {t("decline_reason")}
              <input name="reason" value={reason} maxLength={500} onInput={(event) => setReason(event.currentTarget.value)} />
            </label>
            <button
              type="button"
              class="secondary"
              disabled={!reason.trim()}
              onClick={() =>
                void api
                  .POST("/assignments/{question_id}/decline", { ...question, body: { reason } })
                  .then(({ error }) => (error ? setProblem(error.error.message) : onDone()))
              }
            >
              {t("decline")}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

function Invitations() {
  const [items, setItems] = useState<Schemas["AssignmentOut"][] | null>(null);
  async function load() {
    const { data } = await api.GET("/me/assignments", { params: { query: { limit: PAGE_SIZE } } });
    setItems(data?.items ?? []);
  }
  useEffect(() => void load(), []);
  if (!items) return <p class="quiet">{t("loading")}</p>;
  return (
    <section>
      <h1>{t("nav_invitations")}</h1>
      <ul class="questions">
        {items.map((invitation) => (
          <Invitation invitation={invitation} key={invitation.question_id} onDone={() => void load()} />
        ))}
      </ul>
      {items.length === 0 ? <p class="quiet">{t("nothing_yet")}</p> : null}
    </section>
  );
}

const SIGNED_IN_PATHS = new Set(["/ask", "/mine", "/notifications", "/invitations", ...STAFF_SCREENS.map(([path]) => path)]);

function Screen({ catalogue, session, onSignedIn }: { catalogue: Catalogue; session: Session | null; onSignedIn: (s: Session) => void }) {
  const { path, query } = currentRoute();
  const question = /^\/q\/([A-Za-z0-9._:@-]+)$/.exec(path);
  if (question?.[1]) return <QuestionPage id={question[1]} catalogue={catalogue} session={session} />;
  if (path === "/search") return <Search catalogue={catalogue} initial={query.get("q") ?? ""} />;
  if (path === "/sign-in") return <SignIn catalogue={catalogue} onSignedIn={onSignedIn} />;
  if (SIGNED_IN_PATHS.has(path)) {
    if (!session) return <SignIn catalogue={catalogue} onSignedIn={onSignedIn} />;
    if (path === "/ask") return <Ask catalogue={catalogue} session={session} />;
    if (path === "/mine") return <Mine catalogue={catalogue} />;
    if (path === "/desk") return <Desk catalogue={catalogue} />;
    if (path === "/moderation") return <Moderation catalogue={catalogue} />;
    if (path === "/stats") return <Stats catalogue={catalogue} session={session} />;
    if (path === "/activities") return <Activities catalogue={catalogue} session={session} />;
    return path === "/notifications" ? <Notifications /> : <Invitations />;
  }
  return <Feed catalogue={catalogue} />;
}

function App() {
  const [, setRoute] = useState(window.location.href);
  const [lang, setLang] = useState(language());
  const [session, setSession] = useState(loadSession());
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);

  useEffect(() => {
    const follow = () => setRoute(window.location.href);
    window.addEventListener("popstate", follow);
    void loadCatalogue().then(setCatalogue);
    return () => window.removeEventListener("popstate", follow);
  }, []);

  function signedIn(next: Session | null) {
    saveSession(next);
    setSession(next);
    navigate(next ? (SIGNED_IN_HOME[next.role] ?? "/") : "/");
  }

  return (
    <>
      <header class="top">
        <Link to="/" class="brand">
          {t("title")}
        </Link>
        <nav aria-label={t("title")}>
          <Link to="/">{t("nav_feed")}</Link>
          <Link to="/search">{t("nav_search")}</Link>
          <Link to="/ask">{t("nav_ask")}</Link>
          <Link to="/mine">{t("nav_mine")}</Link>
          {session ? <Link to="/notifications">{t("nav_notifications")}</Link> : null}
          {session?.role === "expert" ? <Link to="/invitations">{t("nav_invitations")}</Link> : null}
          {session && STAFF.has(session.role)
            ? STAFF_SCREENS.map(([path, name]) => (
                <Link to={path} key={path}>
                  {t(name)}
                </Link>
              ))
            : null}
          {session ? (
            <button type="button" class="link" onClick={() => signedIn(null)}>
              {t("sign_out")} ({session.sub})
            </button>
          ) : (
            <Link to="/sign-in">{t("nav_sign_in")}</Link>
          )}
          <button
            type="button"
            class="link"
            lang={lang === "en" ? "zh-CN" : "en"}
            onClick={() => {
              const next = lang === "en" ? "zh-CN" : "en";
              setLanguage(next);
              setLang(next);
            }}
          >
            {t("language")}
          </button>
        </nav>
      </header>
      <main>
        {catalogue ? <Screen catalogue={catalogue} session={session} onSignedIn={signedIn} /> : <p class="quiet">{t("loading")}</p>}
      </main>
    </>
  );
}

setLanguage(language());
const root = document.getElementById("app");
if (root) render(<App />, root);
