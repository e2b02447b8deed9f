import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { type Lang, cliLang } from './shared/i18n.js';

/**
 * Configuration comes from the environment, optionally from a JSON file whose keys are the
 * same variable names (LACHAN_CONFIG=path or `--config path`); the environment wins.
 * Every value is checked before anything starts: one clear line, exit code 1.
 */
export interface Config {
  dataDir: string;
  http: { host: string; port: number };
  dns: { host: string; port: number };
  /** null = SQLite file inside dataDir */
  databaseUrl: string | null;
  adminPassword: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Secure cookies require HTTPS; off for the loopback default, on behind a TLS proxy. */
  secureCookies: boolean;
  /** base64 of 32 bytes; null = <dataDir>/secret.key, created on first start */
  secretKey: string | null;
  lang: Lang;
}

export const CONFIG_KEYS = [
  'LACHAN_DATA_DIR',
  'LACHAN_HTTP_ADDR',
  'LACHAN_DNS_ADDR',
  'DATABASE_URL',
  'LACHAN_ADMIN_PASSWORD',
  'LACHAN_LOG_LEVEL',
  'LACHAN_SECURE_COOKIES',
  'LACHAN_SECRET_KEY',
] as const;
type Key = (typeof CONFIG_KEYS)[number];
type Source = Partial<Record<Key, string>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const msg = {
  vi: {
    file: (f: string, e: string) => `Không đọc được tệp cấu hình ${f}: ${e}`,
    fileKey: (f: string, k: string) => `Tệp cấu hình ${f} có khoá không được hỗ trợ: ${k}`,
    addr: (k: string, v: string) => `${k}='${v}' không hợp lệ: cần dạng host:cổng (ví dụ 127.0.0.1:8080, [::1]:8080), cổng 0–65535 (0 = cổng trống bất kỳ)`,
    db: (v: string) => `DATABASE_URL='${v}' không hợp lệ: cần postgres://người_dùng@máy:cổng/csdl, hoặc bỏ trống để dùng SQLite`,
    pw: () => 'LACHAN_ADMIN_PASSWORD quá ngắn: cần ít nhất 12 ký tự',
    level: (v: string) => `LACHAN_LOG_LEVEL='${v}' không hợp lệ: chọn fatal, error, warn, info, debug, trace hoặc silent`,
    bool: (k: string, v: string) => `${k}='${v}' không hợp lệ: chọn true hoặc false`,
    dir: (v: string) => `LACHAN_DATA_DIR='${v}' không hợp lệ: cần một đường dẫn thư mục`,
    key: () => 'LACHAN_SECRET_KEY không hợp lệ: cần 32 byte mã hoá base64 (tạo bằng: openssl rand -base64 32)',
  },
  en: {
    file: (f: string, e: string) => `Cannot read config file ${f}: ${e}`,
    fileKey: (f: string, k: string) => `Config file ${f} has an unsupported key: ${k}`,
    addr: (k: string, v: string) => `${k}='${v}' is invalid: expected host:port (e.g. 127.0.0.1:8080, [::1]:8080), port 0–65535 (0 = any free port)`,
    db: (v: string) => `DATABASE_URL='${v}' is invalid: expected postgres://user@host:port/db, or leave it unset for SQLite`,
    pw: () => 'LACHAN_ADMIN_PASSWORD is too short: at least 12 characters',
    level: (v: string) => `LACHAN_LOG_LEVEL='${v}' is invalid: use fatal, error, warn, info, debug, trace or silent`,
    bool: (k: string, v: string) => `${k}='${v}' is invalid: use true or false`,
    dir: (v: string) => `LACHAN_DATA_DIR='${v}' is invalid: expected a directory path`,
    key: () => 'LACHAN_SECRET_KEY is invalid: expected 32 bytes, base64-encoded (make one with: openssl rand -base64 32)',
  },
};

export function parseAddr(key: string, value: string, lang: Lang): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value.trim());
  const host = m?.[1] ?? m?.[2];
  const port = m ? Number(m[3]) : Number.NaN;
  const hostOk = host !== undefined && (isIP(host) !== 0 || /^[a-zA-Z0-9.-]+$/.test(host));
  if (!m || !hostOk || !(port >= 0 && port <= 65535) || (m[1] && isIP(m[1]) !== 6)) {
    throw new ConfigError(msg[lang].addr(key, value));
  }
  return { host: host as string, port };
}

function readFileSource(file: string, lang: Lang): Source {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(msg[lang].file(file, (e as Error).message));
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(msg[lang].file(file, 'not a JSON object'));
  const out: Source = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(k)) throw new ConfigError(msg[lang].fileKey(file, k));
    out[k as Key] = String(v);
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, configFile?: string): Config {
  const lang = env.LACHAN_LANG === 'en' ? 'en' : cliLang();
  const file = configFile ?? env.LACHAN_CONFIG;
  const fromFile = file ? readFileSource(file, lang) : {};
  const get = (k: Key): string | undefined => {
    const v = env[k] ?? fromFile[k];
    return v === undefined || v === '' ? undefined : v;
  };
  const m = msg[lang];

  const dataDirRaw = get('LACHAN_DATA_DIR') ?? './data';
  if (dataDirRaw.includes('\0')) throw new ConfigError(m.dir(dataDirRaw));
  const dataDir = path.resolve(dataDirRaw);

  const http = parseAddr('LACHAN_HTTP_ADDR', get('LACHAN_HTTP_ADDR') ?? '127.0.0.1:8080', lang);
  const dns = parseAddr('LACHAN_DNS_ADDR', get('LACHAN_DNS_ADDR') ?? '127.0.0.1:5353', lang);

  const databaseUrl = get('DATABASE_URL') ?? null;
  if (databaseUrl !== null) {
    let ok = false;
    try {
      const u = new URL(databaseUrl);
      ok = (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '' && u.pathname.length > 1;
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(m.db(databaseUrl.replace(/:[^:@/]*@/, ':***@')));
  }

  const adminPassword = get('LACHAN_ADMIN_PASSWORD') ?? null;
  if (adminPassword !== null && [...adminPassword].length < 12) throw new ConfigError(m.pw());

  const level = (get('LACHAN_LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) throw new ConfigError(m.level(level));

  const secureRaw = get('LACHAN_SECURE_COOKIES') ?? 'false';
  if (!['true', 'false'].includes(secureRaw)) throw new ConfigError(m.bool('LACHAN_SECURE_COOKIES', secureRaw));

  const secretKey = get('LACHAN_SECRET_KEY') ?? null;
  if (secretKey !== null && !(/^[A-Za-z0-9+/]+={0,2}$/.test(secretKey) && Buffer.from(secretKey, 'base64').length === 32)) {
    throw new ConfigError(m.key());
  }

  return { dataDir, http, dns, databaseUrl, adminPassword, logLevel: level, secureCookies: secureRaw === 'true', secretKey, lang };
}
