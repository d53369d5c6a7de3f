import { useState } from "preact/hooks";
import { api, type Schemas, type Session } from "./api";
import { FieldProblem, GeneralProblem, invalid } from "./forms";
import { t } from "./i18n";
import { NO_PROBLEMS, problemsOf, type Problems } from "./problems";

type Question = Schemas["QuestionDetailOut"];
type Answer = Schemas["AnswerOut"];

const SCORES = [1, 2, 3, 4, 5] as const;

/** The API shows the asker's user id to the asker alone (and to staff, who are not the asker). */
export function isAsker(question: Question, session: Session | null): boolean {
  return session !== null && question.asker.user_id === session.sub;
}

/** The rules' own test (domain/questions.py): until the first official answer, while open. */
function changeable(question: Question): boolean {
  return question.status === "open" && question.answers.length === 0;
}

export function acceptable(question: Question, answer: Answer): boolean {
  return (
    answer.official &&
    answer.visibility === "visible" &&
    question.accepted_answer_id === null &&
    question.status !== "closed"
  );
}

export function AcceptButton({ question, answer, onDone }: { question: Question; answer: Answer; onDone: () => void }) {
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  return (
    <div class="actions">
      <button
        type="button"
        onClick={() =>
          void api
            .POST("/questions/{question_id}/accept", {
              params: { path: { question_id: question.id } },
              body: { answer_id: answer.id },
            })
            .then(({ data, error }) => (data ? onDone() : setProblems(problemsOf(error, [], t("failed")))))
        }
      >
        {t("accept_answer")}
      </button>
      <GeneralProblem problems={problems} />
    </div>
  );
}

function EditForm({ question, onDone }: { question: Question; onDone: (changed: boolean) => void }) {
  const [title, setTitle] = useState(question.title);
  const [body, setBody] = useState(question.body);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  return (
    <form
      class="stack card"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void api
          .PATCH("/questions/{question_id}", {
            params: { path: { question_id: question.id } },
            body: { title, body },
          })
          .then(({ data, error }) => (data ? onDone(true) : setProblems(problemsOf(error, ["title", "body"], t("failed")))));
      }}
    >
      <h2>{t("edit_title")}</h2>
      <label>
        {t("question_title")}
        <input name="title" value={title} maxLength={100} onInput={(event) => setTitle(event.currentTarget.value)} {...invalid(problems, "title")} />
        <FieldProblem problems={problems} name="title" />
      </label>
      <label>
        {t("question_body")}
        <textarea name="body" value={body} maxLength={5000} rows={5} onInput={(event) => setBody(event.currentTarget.value)} {...invalid(problems, "body")} />
        <FieldProblem problems={problems} name="body" />
      </label>
      <GeneralProblem problems={problems} />
      <div class="filters">
        <button type="submit">{t("save")}</button>
        <button type="button" class="secondary" onClick={() => onDone(false)}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

function Withdraw({ question, onDone }: { question: Question; onDone: () => void }) {
  const [asked, setAsked] = useState(false);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  if (!asked)
    return (
      <button type="button" class="secondary" onClick={() => setAsked(true)}>
        {t("withdraw")}
      </button>
    );
  return (
    <div class="card stack" role="group" aria-label={t("withdraw")}>
      <p>{t("withdraw_hint")}</p>
      <div class="filters">
        <button
          type="button"
          class="danger"
          onClick={() =>
            void api
              .DELETE("/questions/{question_id}", { params: { path: { question_id: question.id } } })
              .then(({ error }) => (error ? setProblems(problemsOf(error, [], t("failed"))) : onDone()))
          }
        >
          {t("confirm_withdraw")}
        </button>
        <button type="button" class="secondary" onClick={() => setAsked(false)}>
          {t("cancel")}
        </button>
      </div>
      <GeneralProblem problems={problems} />
    </div>
  );
}

function Rating({ question, onDone }: { question: Question; onDone: () => void }) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  return (
    <form
      class="stack card"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (score === null) return;
        const body = { score, comment };
        void api
          .POST("/questions/{question_id}/rating", { params: { path: { question_id: question.id } }, body })
          .then(({ data, error }) => (data ? onDone() : setProblems(problemsOf(error, ["score", "comment"], t("failed")))));
      }}
    >
      <h2>{t("rate_title")}</h2>
      <fieldset class="scores">
        <legend>{t("score")}</legend>
        {SCORES.map((each) => (
          <label class="inline" key={each}>
            <input type="radio" name="score" value={each} checked={score === each} onChange={() => setScore(each)} />
            {each}
          </label>
        ))}
        <FieldProblem problems={problems} name="score" />
      </fieldset>
      <label>
        {t("comment")}
        <textarea name="comment" value={comment} maxLength={500} rows={3} onInput={(event) => setComment(event.currentTarget.value)} {...invalid(problems, "comment")} />
        <FieldProblem problems={problems} name="comment" />
      </label>
      <GeneralProblem problems={problems} />
      <button type="submit" disabled={score === null}>
        {t("rate_submit")}
      </button>
    </form>
  );
}

/** What the asker may do with their question now: edit or withdraw it before an expert has
 * answered, rate the answers once they have. */
export function AskerActions({ question, onChanged }: { question: Question; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <EditForm
        question={question}
        onDone={(changed) => {
          setEditing(false);
          if (changed) onChanged();
        }}
      />
    );
  const rated = question.my_rating;
  const rateable = (question.status === "answered" || question.status === "resolved") && question.answers.length > 0;
  return (
    <div class="stack asker-actions">
      {question.visibility === "held" ? <p class="notice">{t("held_notice")}</p> : null}
      {changeable(question) ? (
        <div class="filters">
          <button type="button" onClick={() => setEditing(true)}>
            {t("edit")}
          </button>
          <Withdraw question={question} onDone={onChanged} />
        </div>
      ) : null}
      {rated ? (
        <p class="card">
          <strong>{t("your_rating")}</strong> {rated.score} {t("points")}
          {rated.comment ? ` · ${rated.comment}` : null}
        </p>
      ) : rateable ? (
        <Rating question={question} onDone={onChanged} />
      ) : null}
    </div>
  );
}
