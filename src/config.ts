import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { cliLang, type Lang } from './shared/i18n.js';

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
  /** smtp(s)://user:pass@host:port for notification e-mail; null = e-mail stays queued in the outbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Public reports: per client IP (burst, then per 10 minutes) and across all clients (per minute). */
  intakeIpLimit: number;
  intakeGlobalLimit: number;
  /** Web requests per minute per client address, before 429 (a school behind one NAT address counts once). */
  httpRateLimit: number;
  /**
   * Lets the outbound fetcher (src/outbound: reported links, block lists by URL) reach private,
   * loopback and link-local addresses. Only for tests and closed demo networks: on a real
   * deployment it would let a reported link or a list address probe the city's own network.
   * LACHAN_FETCH_PRIVATE; the older name LACHAN_DETECT_FETCH_PRIVATE is still read.
   */
  fetchPrivate: boolean;
  /** DNS filter: upstream resolvers, block page addresses, metrics listener, per-client rate limit (null = from the console's settings) */
  filter: {
    upstreams: string[] | null;
    blockpageIpv4: string | null;
    blockpageIpv6: string | null;
    metrics: { host: string; port: number } | null;
    rateLimitQps: number | null;
    /** how UDP is served: the udp_batch addon when it loads ('auto'), the addon or refuse to start ('native'), node:dgram */
    udp: 'auto' | 'native' | 'dgram';
    /**
     * DNS-over-HTTPS and DNS-over-TLS for school devices off the school network (engine/doh.ts,
     * dot.ts); null = off (the default). At least one address, and both PEM files.
     */
    encrypted: {
      doh: { host: string; port: number } | null;
      dot: { host: string; port: number } | null;
      certFile: string;
      keyFile: string;
    } | null;
  };
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
  'LACHAN_SMTP_URL',
  'LACHAN_MAIL_FROM',
  'LACHAN_INTAKE_IP_LIMIT',
  'LACHAN_INTAKE_GLOBAL_LIMIT',
  'LACHAN_HTTP_RATE_LIMIT',
  'LACHAN_DNS_UPSTREAMS',
  'LACHAN_BLOCKPAGE_IPV4',
  'LACHAN_BLOCKPAGE_IPV6',
  'LACHAN_DNS_METRICS_ADDR',
  'LACHAN_DNS_RATE_LIMIT',
  'LACHAN_DNS_UDP',
  'LACHAN_DOH_ADDR',
  'LACHAN_DOT_ADDR',
  'LACHAN_TLS_CERT',
  'LACHAN_TLS_KEY',
  'LACHAN_DETECT_FETCH_PRIVATE',
  'LACHAN_FETCH_PRIVATE',
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
    smtp: (v: string) => `LACHAN_SMTP_URL='${v}' không hợp lệ: cần smtp://người_dùng:mật_khẩu@máy:cổng hoặc smtps://…`,
    from: (v: string) => `LACHAN_MAIL_FROM='${v}' không hợp lệ: cần một địa chỉ e-mail, ví dụ lachan@hanoi.gov.vn`,
    limit: (k: string, v: string) => `${k}='${v}' không hợp lệ: cần số nguyên từ 1 đến 1000000`,
    upstreams: (v: string) =>
      `LACHAN_DNS_UPSTREAMS='${v}' không hợp lệ: cần danh sách địa_chỉ_IP:cổng cách nhau bởi dấu phẩy, ví dụ 1.1.1.1:53,[2606:4700:4700::1111]:53`,
    ip: (k: string, v: string) => `${k}='${v}' không hợp lệ: cần một địa chỉ IP`,
    rate: (v: string) => `LACHAN_DNS_RATE_LIMIT='${v}' không hợp lệ: cần số truy vấn/giây cho mỗi máy, từ 0 (không giới hạn) đến 1000000`,
    udp: (v: string) => `LACHAN_DNS_UDP='${v}' không hợp lệ: chọn auto, native hoặc dgram`,
    tlsNeeded: () => 'LACHAN_DOH_ADDR / LACHAN_DOT_ADDR cần LACHAN_TLS_CERT và LACHAN_TLS_KEY (tệp PEM của chứng chỉ và khoá)',
    pem: (k: string, v: string) => `${k}='${v}' không đọc được: cần đường dẫn tới một tệp PEM`,
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
    smtp: (v: string) => `LACHAN_SMTP_URL='${v}' is invalid: expected smtp://user:password@host:port or smtps://…`,
    from: (v: string) => `LACHAN_MAIL_FROM='${v}' is invalid: expected an e-mail address, e.g. lachan@hanoi.gov.vn`,
    limit: (k: string, v: string) => `${k}='${v}' is invalid: expected a whole number from 1 to 1000000`,
    upstreams: (v: string) => `LACHAN_DNS_UPSTREAMS='${v}' is invalid: expected comma-separated IP:port, e.g. 1.1.1.1:53,[2606:4700:4700::1111]:53`,
    ip: (k: string, v: string) => `${k}='${v}' is invalid: expected an IP address`,
    rate: (v: string) => `LACHAN_DNS_RATE_LIMIT='${v}' is invalid: expected queries per second per client, 0 (no limit) to 1000000`,
    udp: (v: string) => `LACHAN_DNS_UDP='${v}' is invalid: use auto, native or dgram`,
    tlsNeeded: () => 'LACHAN_DOH_ADDR / LACHAN_DOT_ADDR need LACHAN_TLS_CERT and LACHAN_TLS_KEY (PEM files of the certificate and key)',
    pem: (k: string, v: string) => `${k}='${v}' cannot be read: expected the path of a PEM file`,
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

  const fetchPrivateKey = get('LACHAN_FETCH_PRIVATE') !== undefined ? 'LACHAN_FETCH_PRIVATE' : 'LACHAN_DETECT_FETCH_PRIVATE';
  const fetchPrivateRaw = get(fetchPrivateKey) ?? 'false';
  if (!['true', 'false'].includes(fetchPrivateRaw)) throw new ConfigError(m.bool(fetchPrivateKey, fetchPrivateRaw));

  const secretKey = get('LACHAN_SECRET_KEY') ?? null;
  if (secretKey !== null && !(/^[A-Za-z0-9+/]+={0,2}$/.test(secretKey) && Buffer.from(secretKey, 'base64').length === 32)) {
    throw new ConfigError(m.key());
  }

  const smtpUrl = get('LACHAN_SMTP_URL') ?? null;
  if (smtpUrl !== null) {
    let ok = false;
    try {
      const u = new URL(smtpUrl);
      ok = (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(m.smtp(smtpUrl.replace(/:[^:@/]*@/, ':***@')));
  }
  const mailFrom = get('LACHAN_MAIL_FROM') ?? 'lachan@localhost';
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom)) throw new ConfigError(m.from(mailFrom));
  const limit = (k: Key, dflt: number): number => {
    const raw = get(k);
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > 1_000_000) throw new ConfigError(m.limit(k, raw));
    return n;
  };
  const intakeIpLimit = limit('LACHAN_INTAKE_IP_LIMIT', 60);
  const intakeGlobalLimit = limit('LACHAN_INTAKE_GLOBAL_LIMIT', 6000);
  const httpRateLimit = limit('LACHAN_HTTP_RATE_LIMIT', 600);

  const upstreamsRaw = get('LACHAN_DNS_UPSTREAMS');
  let upstreams: string[] | null = null;
  if (upstreamsRaw !== undefined) {
    upstreams = upstreamsRaw
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    const ok =
      upstreams.length > 0 &&
      upstreams.every((u) => {
        try {
          const a = parseAddr(
            'LACHAN_DNS_UPSTREAMS',
            u.includes(':') && !u.startsWith('[') && u.split(':').length > 2 ? `[${u}]:53` : /:\d+$/.test(u) ? u : `${u}:53`,
            lang,
          );
          return isIP(a.host) !== 0 && a.port > 0;
        } catch {
          return false;
        }
      });
    if (!ok) throw new ConfigError(m.upstreams(upstreamsRaw));
  }
  const ipOf = (k: 'LACHAN_BLOCKPAGE_IPV4' | 'LACHAN_BLOCKPAGE_IPV6', family: 4 | 6): string | null => {
    const v = get(k);
    if (v === undefined) return null;
    if (isIP(v) !== family) throw new ConfigError(m.ip(k, v));
    return v;
  };
  const metricsRaw = get('LACHAN_DNS_METRICS_ADDR');
  const rateRaw = get('LACHAN_DNS_RATE_LIMIT');
  if (rateRaw !== undefined && !(/^\d{1,7}$/.test(rateRaw) && Number(rateRaw) <= 1_000_000)) throw new ConfigError(m.rate(rateRaw));
  const udp = (get('LACHAN_DNS_UDP') ?? 'auto') as Config['filter']['udp'];
  if (!['auto', 'native', 'dgram'].includes(udp)) throw new ConfigError(m.udp(udp));
  const dohRaw = get('LACHAN_DOH_ADDR');
  const dotRaw = get('LACHAN_DOT_ADDR');
  let encrypted: Config['filter']['encrypted'] = null;
  if (dohRaw !== undefined || dotRaw !== undefined) {
    const pemFile = (k: 'LACHAN_TLS_CERT' | 'LACHAN_TLS_KEY'): string => {
      const v = get(k);
      if (v === undefined) throw new ConfigError(m.tlsNeeded());
      try {
        if (!statSync(v).isFile()) throw new Error('not a file');
      } catch {
        throw new ConfigError(m.pem(k, v));
      }
      return path.resolve(v);
    };
    encrypted = {
      doh: dohRaw === undefined ? null : parseAddr('LACHAN_DOH_ADDR', dohRaw, lang),
      dot: dotRaw === undefined ? null : parseAddr('LACHAN_DOT_ADDR', dotRaw, lang),
      certFile: pemFile('LACHAN_TLS_CERT'),
      keyFile: pemFile('LACHAN_TLS_KEY'),
    };
  }
  const filter = {
    upstreams,
    blockpageIpv4: ipOf('LACHAN_BLOCKPAGE_IPV4', 4),
    blockpageIpv6: ipOf('LACHAN_BLOCKPAGE_IPV6', 6),
    metrics: metricsRaw === undefined ? null : parseAddr('LACHAN_DNS_METRICS_ADDR', metricsRaw, lang),
    rateLimitQps: rateRaw === undefined ? null : Number(rateRaw),
    udp,
    encrypted,
  };

  return {
    dataDir,
    http,
    dns,
    databaseUrl,
    adminPassword,
    logLevel: level,
    secureCookies: secureRaw === 'true',
    secretKey,
    lang,
    smtpUrl,
    mailFrom,
    intakeIpLimit,
    intakeGlobalLimit,
    httpRateLimit,
    fetchPrivate: fetchPrivateRaw === 'true',
    filter,
  };
}
