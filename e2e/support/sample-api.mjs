// The sample app's REST API: login, and the articles and notes whose changes the starter emits.
//
// Writes take the token from login() (or null/undefined to send none, expecting 401) and
// `{ fail: true }` to make the server roll the write back after its SQL ran (expecting 500).
// Every call except login() resolves with { status, body }: body is the parsed JSON answer, the
// text when it is not JSON, or null when empty (204).
import { DEFAULT_TIMEOUT, within } from "./wait.mjs";

// bcrypt makes a login take a moment: HTTP calls get at least 10 s
const HTTP_TIMEOUT = Math.max(DEFAULT_TIMEOUT, 10_000);

async function request(method, url, { jwt, body } = {}) {
  const headers = {};
  if (jwt) headers.Authorization = `Bearer ${jwt}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await within(
    fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    `${method} ${url}`,
    HTTP_TIMEOUT,
  );
  const text = await res.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed };
}

const query = ({ fail = false } = {}) => (fail ? "?fail=true" : "");

/** POST /api/auth/local: { status, body }, body {jwt, user} on 200, {error} on 401. */
export function authenticate(httpUrl, identifier, password) {
  return request("POST", `${httpUrl}/api/auth/local`, { body: { identifier, password } });
}

/** Logs in and resolves with { jwt, user: {id, username, roles} }; rejects unless the answer is 200. */
export async function login(httpUrl, identifier, password) {
  const { status, body } = await authenticate(httpUrl, identifier, password);
  if (status !== 200) throw new Error(`login as ${identifier}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** GET /api/articles: body is every article {id, title, body}, by id. */
export function listArticles(httpUrl) {
  return request("GET", `${httpUrl}/api/articles`);
}

/** POST /api/articles: 201 with the saved article, 401 without a valid token, 500 with fail. */
export function createArticle(httpUrl, jwt, { title, body }, options) {
  return request("POST", `${httpUrl}/api/articles${query(options)}`, { jwt, body: { title, body } });
}

/** PUT /api/articles/{id}: 200 with the updated article, 404 if missing. */
export function updateArticle(httpUrl, jwt, id, { title, body }, options) {
  return request("PUT", `${httpUrl}/api/articles/${id}${query(options)}`, { jwt, body: { title, body } });
}

/** DELETE /api/articles/{id}: 204, 404 if missing. */
export function deleteArticle(httpUrl, jwt, id, options) {
  return request("DELETE", `${httpUrl}/api/articles/${id}${query(options)}`, { jwt });
}

/** GET /api/notes: body is every note {id, text, internal, apiKey}, by id. */
export function listNotes(httpUrl) {
  return request("GET", `${httpUrl}/api/notes`);
}

/** POST /api/notes: 201 with the saved note. */
export function createNote(httpUrl, jwt, { text, internal, apiKey }, options) {
  return request("POST", `${httpUrl}/api/notes${query(options)}`, { jwt, body: { text, internal, apiKey } });
}

/** PUT /api/notes/{id}: 200 with the updated note, 404 if missing. */
export function updateNote(httpUrl, jwt, id, { text, internal, apiKey }, options) {
  return request("PUT", `${httpUrl}/api/notes/${id}${query(options)}`, { jwt, body: { text, internal, apiKey } });
}

/** DELETE /api/notes/{id}: 204, 404 if missing. */
export function deleteNote(httpUrl, jwt, id, options) {
  return request("DELETE", `${httpUrl}/api/notes/${id}${query(options)}`, { jwt });
}
