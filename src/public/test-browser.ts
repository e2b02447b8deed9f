import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../http/app.js';

/**
 * A browser without JavaScript: keeps cookies, reads the hidden fields, posts the form, and
 * follows a 303 after a POST with a GET, as browsers do (the report form's post/redirect/get);
 * `redirected` then holds the POST's own answer.
 */
export class Browser {
  cookies = new Map<string, string>();
  constructor(
    private readonly app: App,
    readonly ip = '203.0.113.7',
  ) {}
  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
  }
  get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookie }, remoteAddress: this.ip });
    this.keep(res);
    return res;
  }
  private async follow(res: LightMyRequestResponse): Promise<LightMyRequestResponse & { redirected?: LightMyRequestResponse }> {
    const location = res.headers.location;
    if (res.statusCode !== 303 || typeof location !== 'string') return res;
    return Object.assign(await this.get(location), { redirected: res });
  }
  async post(url: string, fields: Array<[string, string]>, extra: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded', ...extra },
      payload: new URLSearchParams(fields).toString(),
      remoteAddress: this.ip,
    });
    this.keep(res);
    return this.follow(res);
  }
  async postMultipart(url: string, body: { body: Buffer; contentType: string }) {
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookie, 'content-type': body.contentType },
      payload: body.body,
      remoteAddress: this.ip,
    });
    this.keep(res);
    return this.follow(res);
  }
}

export const hidden = (html: string) =>
  Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]])) as Record<string, string>;
