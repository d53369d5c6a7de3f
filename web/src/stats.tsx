import { useEffect, useState } from "preact/hooks";
import { api, type Schemas, type Session } from "./api";
import { barGroups, shanghaiDate } from "./chart";
import { FieldProblem, GeneralProblem, invalid } from "./forms";
import { t } from "./i18n";
import { NO_PROBLEMS, problemsOf, type Problems } from "./problems";
import type { Catalogue } from "./shell";

type Interval = Schemas["Interval"];
type Figures = Schemas["StatsOut"];
type Series = Schemas["SeriesOut"];

const DEFAULT_DAYS = 90;
const INTERVALS: Interval[] = ["day", "week", "month"];
const CHART_WIDTH = 640;
const CHART_HEIGHT = 160;
/** What the chart plots per point, in this order and these classes' colours (style.css). */
const PLOTTED = ["questions", "answered", "resolved"] as const;
const COUNTS = ["questions", "answered", "resolved", "on_time", "answers", "peer_answers", "ratings"] as const;
const RATES = ["answer_rate", "on_time_rate", "resolution_rate"] as const;
const FILES = [
  { type: "text/csv", suffix: "csv", label: "download_csv" },
  { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", suffix: "xlsx", label: "download_xlsx" },
] as const;

function percent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}

function Chart({ series }: { series: Series }) {
  const groups = barGroups(
    series.items.map((point) => ({ label: point.from_date, values: PLOTTED.map((name) => point[name]) })),
    CHART_WIDTH,
    CHART_HEIGHT,
  );
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`} role="img" aria-label={t("chart_label")} preserveAspectRatio="none">
        {groups.flatMap((group) =>
          group.bars.map((bar, which) => (
            <rect key={`${group.label}-${which}`} class={`bar-${PLOTTED[which]}`} x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
              <title>{`${group.label} ${t(PLOTTED[which] ?? "questions")}: ${bar.value}`}</title>
            </rect>
          )),
        )}
      </svg>
      <figcaption class="legend">
        {PLOTTED.map((name) => (
          <span key={name}>
            <i class={`swatch bar-${name}`} aria-hidden="true" /> {t(name)}
          </span>
        ))}
        <span class="quiet">
          {series.from_date} – {series.to_date}
        </span>
      </figcaption>
    </figure>
  );
}

/** A report as a file: fetched with the Accept it is wanted in, then handed to the browser to
 * save (the page cannot link to it, since the request carries the token). */
async function download(platform: string, from: string, to: string, type: string, suffix: string): Promise<boolean> {
  const { data } = await api.GET("/platforms/{platform_id}/stats", {
    params: { path: { platform_id: platform }, query: { from, to } },
    headers: { Accept: type },
    parseAs: "blob",
  });
  if (!data) return false;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(data);
  link.download = `${platform}-${from}-${to}.${suffix}`;
  link.click();
  URL.revokeObjectURL(link.href);
  return true;
}

/** A platform's figures over a range of the province's dates, a chart per day, week or month,
 * and the same figures as CSV or an Excel workbook. */
export function Stats({ catalogue, session }: { catalogue: Catalogue; session: Session }) {
  const today = shanghaiDate(new Date());
  const [platform, setPlatform] = useState(session.platform ?? catalogue.platforms[0]?.id ?? "");
  const [from, setFrom] = useState(shanghaiDate(new Date(), DEFAULT_DAYS));
  const [to, setTo] = useState(today);
  const [step, setStep] = useState<Interval>("week");
  const [figures, setFigures] = useState<Figures | null>(null);
  const [series, setSeries] = useState<Series | null>(null);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);

  async function load() {
    const path = { platform_id: platform };
    const [total, points] = await Promise.all([
      api.GET("/platforms/{platform_id}/stats", { params: { path, query: { from, to } } }),
      api.GET("/platforms/{platform_id}/stats/series", { params: { path, query: { from, to, interval: step } } }),
    ]);
    setFigures(total.data ?? null);
    setSeries(points.data ?? null);
    const refused = total.error ?? points.error;
    setProblems(refused ? problemsOf(refused, ["from", "to", "interval"], t("failed")) : NO_PROBLEMS);
  }
  useEffect(() => void load(), []);

  return (
    <section>
      <h1>{t("stats_title")}</h1>
      <form
        class="filters"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <label>
          {t("platform")}
          <select name="platform_id" value={platform} onChange={(event) => setPlatform(event.currentTarget.value)}>
            {catalogue.platforms.map((each) => (
              <option value={each.id} key={each.id}>
                {each.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("range_from")}
          <input type="date" name="from" value={from} max={today} onInput={(event) => setFrom(event.currentTarget.value)} {...invalid(problems, "from")} />
          <FieldProblem problems={problems} name="from" />
        </label>
        <label>
          {t("range_to")}
          <input type="date" name="to" value={to} max={today} onInput={(event) => setTo(event.currentTarget.value)} {...invalid(problems, "to")} />
          <FieldProblem problems={problems} name="to" />
        </label>
        <label>
          {t("interval")}
          <select name="interval" value={step} onChange={(event) => setStep(event.currentTarget.value as Interval)}>
            {INTERVALS.map((each) => (
              <option value={each} key={each}>
                {t(`interval_${each}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("show")}</button>
      </form>
      <GeneralProblem problems={problems} />
      {figures ? (
        <dl class="figures">
          {COUNTS.map((name) => (
            <div key={name}>
              <dt>{t(name)}</dt>
              <dd>{figures[name]}</dd>
            </div>
          ))}
          {RATES.map((name) => (
            <div key={name}>
              <dt>{t(name)}</dt>
              <dd>{percent(figures[name])}</dd>
            </div>
          ))}
          <div>
            <dt>{t("satisfaction")}</dt>
            <dd>{figures.satisfaction === null ? "—" : figures.satisfaction.toFixed(1)}</dd>
          </div>
        </dl>
      ) : null}
      {series ? <Chart series={series} /> : null}
      {figures ? (
        <div class="filters">
          {FILES.map((file) => (
            <button
              type="button"
              class="secondary"
              key={file.suffix}
              onClick={() =>
                void download(platform, from, to, file.type, file.suffix).then(
                  (saved) => saved || setProblems({ general: t("failed"), fields: {} }),
                )
              }
            >
              {t(file.label)}
            </button>
          ))}
        </div>
      ) : null}
    </section>
  );
}
