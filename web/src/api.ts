import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./generated/api";
import { language } from "./i18n";

export type Schemas = components["schemas"];

/** The API's origin: the page's own unless the deployed site names another (index.html). */
export function apiBase(): string {
  const named = document.querySelector<HTMLMetaElement>('meta[name="youthvoice-api"]')?.content;
  return named ? named.replace(/\/$/, "") : window.location.origin;
}

const TOKEN_KEY = "youthvoice.token";

export interface Session {
  token: string;
  sub: string;
  role: Schemas["Role"];
  platform: string | null;
}

export function loadSession(): Session | null {
  const stored = sessionStorage.getItem(TOKEN_KEY);
  return stored ? (JSON.parse(stored) as Session) : null;
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(TOKEN_KEY);
}

const bearer: Middleware = {
  onRequest({ request }) {
    const session = loadSession();
    if (session) request.headers.set("Authorization", `Bearer ${session.token}`);
    return request;
  },
};

/** The API words its errors (each field's message too) in the language the page speaks. */
const speaking: Middleware = {
  onRequest({ request }) {
    request.headers.set("Accept-Language", language());
    return request;
  },
};

/** Typed by the JSON each route answers: a report's CSV and workbook are fetched apart, as
 * blobs (`parseAs: "blob"` with their Accept). */
export const api = createClient<paths, "application/json">({ baseUrl: apiBase() });
api.use(bearer, speaking);

/** The local stack's development sign-in: not part of the API's contract (it exists on the
 * local stage only), so it is called without the generated types. */
export async function devSignIn(sub: string, role: Schemas["Role"], platform: string | null): Promise<Session> {
  const reply = await fetch(`${apiBase()}/local/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sub, role, platform }),
  });
  if (!reply.ok) throw new Error(`${reply.status}`);
  const { token } = (await reply.json()) as { token: string };
  return { token, sub, role, platform };
}
