/**
 * The console's only way to the server: same-origin fetch, JSON in and out, the CSRF token
 * (held in memory, never in storage) on every state-changing call, the user's language on every
 * call so server messages come back in it, and one error type carrying the server's code and message.
 */
import { type Lang, messages } from './i18n.js';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let csrfToken: string | null = null;
let lang: Lang = 'vi';
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLang(l: Lang): void {
  lang = l;
}
/** Called when the server says the session is gone (401 on anything but login/me). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** Calls whose 401 is an answer, not a lost session. */
const AUTH_PROBES = new Set(['/auth/login', '/auth/me']);

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function baseHeaders(method: Method): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang };
  if (method !== 'GET' && csrfToken) h['x-csrf-token'] = csrfToken;
  return h;
}

function errorFrom(status: number, bodyText: string, path: string): ApiError {
  let code = `http_${status}`;
  let message = messages[lang].common.httpError(status);
  try {
    const parsed = JSON.parse(bodyText) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string' && parsed.error.message) message = parsed.error.message;
  } catch {
    // not JSON (a proxy's error page): keep the generic message
  }
  if (status === 401 && !AUTH_PROBES.has(path)) unauthorizedHandler?.();
  return new ApiError(status, code, message);
}

function parseBody<T>(status: number, text: string): T {
  if (status === 204 || text === '') return undefined as T;
  return JSON.parse(text) as T;
}

async function request<T>(method: Method, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers = baseHeaders(method);
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), init);
  } catch {
    throw new ApiError(0, 'network_error', messages[lang].common.networkError);
  }
  const text = await res.text();
  if (!res.ok) throw errorFrom(res.status, text, path);
  return parseBody<T>(res.status, text);
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, body, query),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  /** A body only where the server asks for one (e.g. the reason for an audited removal). */
  del: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body),

  /** A state-changing call answered with a file (e.g. an audited download): the bytes, kept in memory only. */
  async postForBlob(path: string, body?: unknown): Promise<Blob> {
    const headers: Record<string, string> = { ...baseHeaders('POST'), Accept: '*/*' };
    const init: RequestInit = { method: 'POST', headers, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetch(apiUrl(path), init);
    } catch {
      throw new ApiError(0, 'network_error', messages[lang].common.networkError);
    }
    if (!res.ok) throw errorFrom(res.status, await res.text(), path);
    return res.blob();
  },

  /** Multipart upload of one file (field `file`, or `opts.field`) with progress, which fetch cannot report. */
  upload<T>(path: string, file: File, opts: { query?: Query; onProgress?: (percent: number) => void; signal?: AbortSignal; field?: string } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', apiUrl(path, opts.query));
      for (const [k, v] of Object.entries(baseHeaders('POST'))) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) opts.onProgress?.(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          try {
            resolve(parseBody<T>(xhr.status, xhr.responseText));
          } catch (e) {
            reject(e);
          }
        } else reject(errorFrom(xhr.status, xhr.responseText, path));
      };
      xhr.onerror = () => reject(new ApiError(0, 'network_error', messages[lang].common.networkError));
      xhr.onabort = () => reject(new ApiError(0, 'aborted', 'aborted'));
      opts.signal?.addEventListener('abort', () => xhr.abort());
      const form = new FormData();
      form.append(opts.field ?? 'file', file, file.name);
      xhr.send(form);
    });
  },
};

/** Every item of a paged list, page by page (the server decides how many a page may hold). */
export async function fetchAll<T>(path: string, query: Query = {}, pageSize = 500): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const page = await api.get<{ items: T[]; total: number }>(path, { ...query, limit: pageSize, offset: out.length });
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
