import { api, type Schemas } from "./api";
import { language, t, type MessageKey } from "./i18n";

/** What every screen shares: routing under /console/, links, and the catalogues things are
 * named from. */
const BASE = "/console";

type Topic = Schemas["TopicOut"];
type Platform = Schemas["PlatformOut"];
type Status = Schemas["Status"];

/** Routes are paths under /console/; the server answers index.html for each of them. */
export function navigate(path: string): void {
  window.history.pushState(null, "", `${BASE}${path}`);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

export function currentRoute(): { path: string; query: URLSearchParams } {
  const path = window.location.pathname.slice(BASE.length) || "/";
  return { path, query: new URLSearchParams(window.location.search) };
}

export function Link(props: { to: string; children: preact.ComponentChildren; class?: string }) {
  return (
    <a
      href={`${BASE}${props.to}`}
      class={props.class}
      onClick={(event) => {
        event.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

export function StatusBadge({ status }: { status: Status }) {
  return <span class={`badge badge-${status}`}>{t(`status_${status}` as MessageKey)}</span>;
}

/** The catalogues every screen names things from: topics, the province and its cities. */
export interface Catalogue {
  topics: Topic[];
  platforms: Platform[];
}

export function topicName(catalogue: Catalogue, id: string): string {
  const topic = catalogue.topics.find((each) => each.id === id);
  return topic ? (language() === "en" ? topic.en : topic.zh) : id;
}

export function platformName(catalogue: Catalogue, id: string): string {
  return catalogue.platforms.find((each) => each.id === id)?.name ?? id;
}

export async function loadCatalogue(): Promise<Catalogue> {
  const [topics, provinces] = await Promise.all([
    api.GET("/topics"),
    api.GET("/platforms", { params: { query: { kind: "province" } } }),
  ]);
  const province = provinces.data?.items[0];
  const cities = province
    ? await api.GET("/platforms", { params: { query: { parent_id: province.id, limit: 100 } } })
    : undefined;
  return {
    topics: topics.data?.items ?? [],
    platforms: [...(province ? [province] : []), ...(cities?.data?.items ?? [])],
  };
}

