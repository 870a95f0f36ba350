import type { Hono } from "hono";

type Fields = Record<string, string | string[] | undefined>;

/**
 * A browser-like client for `app.request()`: keeps cookies, and sends the CSRF
 * token with forms as a browser would (the page's hidden field).
 */
export class TestClient {
  readonly app: Hono<never> | Hono;
  readonly cookies = new Map<string, string>();
  ip = "203.0.113.1";

  constructor(app: { request: Hono["request"] }) {
    this.app = app as Hono;
  }

  get csrfToken(): string {
    return this.cookies.get("outloud_csrf") ?? "";
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set(
        "cookie",
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
      );
    }
    if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", this.ip);
    const response = await this.app.request(path, { ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === "" || /max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  /** Fetches a page first (as a browser would) so the CSRF cookie exists. */
  async ensureCsrf(): Promise<void> {
    if (!this.csrfToken) await this.get("/static/style.css").then(() => this.get("/sign-in"));
  }

  /** Posts a form with the CSRF token unless `csrf: false`. */
  async post(path: string, fields: Fields, options: { csrf?: boolean } = {}): Promise<Response> {
    if (options.csrf !== false) await this.ensureCsrf();
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    if (options.csrf !== false) body.set("_csrf", this.csrfToken);
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
  }
}
