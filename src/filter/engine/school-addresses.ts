import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BANDS, type Band, type Snapshot } from '../model.js';
import type { ClientInfo } from './clients.js';

/**
 * The encrypted-DNS address of each school band (DNS-over-HTTPS path, DNS-over-TLS server name).
 *
 * Off the school network a device is known only by the address it was configured with, so that
 * address must name the school and band — and must not be guessable: with `/dns-query/<school>/staff`
 * alone, any student could switch a tablet to the staff band's lighter policy (and have their
 * look-ups counted, and for staff logged, as the school's staff), and anyone on the internet could
 * use the city's filter as a resolver. Each address therefore ends in a token, the first 13 base32
 * characters (65 bits) of HMAC-SHA-256(key, school id + band) — readable for the school's IT, not
 * forgeable without the key:
 *
 *   DoH  https://HOST:PORT/dns-query/<school code>/<band>/<token>
 *   DoT  <code>-<band>-<token>.<any suffix the certificate covers>   (one label: a wildcard certificate
 *        *.dot.example.vn covers every school; the code in lower case, '.' and '_' as '-')
 *
 * The key is `<data>/filter/encrypted-dns.key` (32 random bytes, made on first start; the web process
 * and `lachan filter` on one data directory share it). Deleting it and restarting changes every
 * token (a leaked address is revoked that way). The school id, not the code, is signed: a school
 * whose code is renamed keeps its token. The DoT name travels in clear in the TLS handshake (SNI),
 * so there the token keeps out strangers and scanners, not an on-path observer.
 *
 * A fleet node serves the same addresses without the key: the centre gives it the tokens of its
 * own schools' bands (fleet/nodes/address-routes.ts), and an address of another school is, to the
 * node, an unknown one.
 */
const TOKEN_LENGTH = 13;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Band as written in an address: hyphens (a host name has no underscores). */
const BAND_SLUG: Record<Band, string> = {
  kindergarten: 'kindergarten',
  primary: 'primary',
  lower_secondary: 'lower-secondary',
  upper_secondary: 'upper-secondary',
  staff: 'staff',
};
const BY_SLUG = new Map<string, Band>(BANDS.map((b) => [BAND_SLUG[b], b]));

/** Reads the address key, or makes it once (several processes starting at once agree on one). */
export function loadAddressKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'filter', 'encrypted-dns.key');
  try {
    const k = readFileSync(file);
    if (k.length === 32) return k;
    throw new Error(`${file}: expected 32 bytes, found ${k.length}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, randomBytes(32), { mode: 0o600 });
  try {
    // link fails if another process made it first: then theirs is the key
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file);
}

function base32(bytes: Buffer, chars: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= chars) break;
  }
  return out;
}

/** Compared in constant time: an answer's timing must not tell how much of a guessed token was right. */
function sameToken(want: string | undefined, got: string): boolean {
  if (want === undefined) return false;
  const a = Buffer.from(want);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}

const codeSlug = (code: string) =>
  code
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');

interface Index {
  /** lower-case code → school */
  byCode: Map<string, Snapshot['schools'][number]>;
  /** the code as a DoT label writes it → schools (two codes may write alike: 'A.1' and 'A_1') */
  bySlug: Map<string, Array<Snapshot['schools'][number]>>;
  /** answers already worked out for this snapshot (an address → who, or null), bounded */
  memo: Map<string, ClientInfo | null>;
}

/** One school band's token, as the centre gives it to a fleet node (GET /fleet/addresses). */
export interface BandToken {
  schoolId: string;
  band: Band;
  token: string;
}

const TOKEN = /^[a-z2-7]{13}$/;

/**
 * A list of band tokens as a node received or saved it, checked: a damaged file or a strange
 * answer is an error naming what is wrong, never a half-read list (and never a token of another shape).
 */
export function parseBandTokens(raw: unknown): BandToken[] {
  const list = (raw as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(list)) throw new Error('expected { tokens: [...] }');
  return list.map((t: Partial<BandToken>, i) => {
    if (typeof t?.schoolId !== 'string' || !t.schoolId || t.schoolId.length > 64) throw new Error(`tokens[${i}]: schoolId`);
    if (!BANDS.includes(t.band as Band)) throw new Error(`tokens[${i}]: band`);
    if (typeof t.token !== 'string' || !TOKEN.test(t.token)) throw new Error(`tokens[${i}]: token`);
    return { schoolId: t.schoolId, band: t.band as Band, token: t.token };
  });
}

/**
 * Made from the address key (the centre, `lachan filter` on one data directory) or from the
 * tokens the centre gave (a fleet node, which never holds the key: it can answer at the addresses
 * of its own schools and can make no other). Either way the same addresses, the same refusals.
 */
export class SchoolAddresses {
  /** per snapshot object: a reload brings a new one, and with it schools added or removed */
  private indexes = new WeakMap<Snapshot, Index>();

  private constructor(private tokenOf: (schoolId: string, band: Band) => string | undefined) {}

  static fromKey(key: Buffer): SchoolAddresses {
    return new SchoolAddresses((schoolId, band) =>
      base32(createHmac('sha256', key).update(`lachan-encrypted-dns\n${schoolId}\n${band}`).digest(), TOKEN_LENGTH),
    );
  }

  static fromTokens(tokens: readonly BandToken[]): SchoolAddresses {
    const a = new SchoolAddresses(() => undefined);
    a.setTokens(tokens);
    return a;
  }

  /** A node's refreshed tokens; what was worked out with the old ones is forgotten. */
  setTokens(tokens: readonly BandToken[]): void {
    const byBand = new Map(tokens.map((t) => [`${t.schoolId}\n${t.band}`, t.token]));
    this.tokenOf = (schoolId, band) => byBand.get(`${schoolId}\n${band}`);
    this.indexes = new WeakMap();
  }

  /** The token of a school band; undefined when this side has none (a node: another school). */
  token(schoolId: string, band: Band): string | undefined {
    return this.tokenOf(schoolId, band);
  }

  /** Every band's token of these schools: what the centre gives a node. */
  tokensOf(schoolIds: readonly string[]): BandToken[] {
    const out: BandToken[] = [];
    for (const schoolId of schoolIds)
      for (const band of BANDS) {
        const token = this.token(schoolId, band);
        if (token) out.push({ schoolId, band, token });
      }
    return out;
  }

  private known(schoolId: string, band: Band): string {
    const t = this.token(schoolId, band);
    if (!t) throw new Error(`no address token for school ${schoolId}, band ${band}`);
    return t;
  }

  /** The DoH path of a school band (after the host). */
  dohPath(school: { id: string; code: string }, band: Band): string {
    return `/dns-query/${encodeURIComponent(school.code)}/${BAND_SLUG[band]}/${this.known(school.id, band)}`;
  }

  /** The first label of a school band's DoT server name. */
  dotLabel(school: { id: string; code: string }, band: Band): string {
    return `${codeSlug(school.code)}-${BAND_SLUG[band]}-${this.known(school.id, band)}`;
  }

  /** Who a DoH path's parts name, or null (no such school, band, or a wrong token: not told apart). */
  fromPath(snapshot: Snapshot, code: string, band: string, token: string): ClientInfo | null {
    const ix = this.index(snapshot);
    const memoKey = `p\n${code}\n${band}\n${token}`;
    const hit = ix.memo.get(memoKey);
    if (hit !== undefined) return hit;
    const school = ix.byCode.get(code.toLowerCase());
    const b = BY_SLUG.get(band.toLowerCase().replaceAll('_', '-'));
    const found = school && b && sameToken(this.token(school.id, b), token.toLowerCase()) ? { schoolId: school.id, band: b } : null;
    return remember(ix, memoKey, found);
  }

  /** Who a DoT server name (SNI) names, or null. */
  fromServerName(snapshot: Snapshot, serverName: string): ClientInfo | null {
    const label = serverName.toLowerCase().split('.', 1)[0]!;
    const ix = this.index(snapshot);
    const hit = ix.memo.get(label);
    if (hit !== undefined) return hit;
    let found: ClientInfo | null = null;
    const token = label.slice(-TOKEN_LENGTH);
    const rest = label.slice(0, -TOKEN_LENGTH - 1);
    if (label.length > TOKEN_LENGTH + 2 && label[label.length - TOKEN_LENGTH - 1] === '-') {
      for (const [slug, band] of BY_SLUG) {
        if (!rest.endsWith(`-${slug}`)) continue;
        for (const s of ix.bySlug.get(rest.slice(0, -slug.length - 1)) ?? []) {
          if (sameToken(this.token(s.id, band), token)) found = { schoolId: s.id, band };
        }
      }
    }
    return remember(ix, label, found);
  }

  private index(snapshot: Snapshot): Index {
    let ix = this.indexes.get(snapshot);
    if (!ix) {
      ix = { byCode: new Map(), bySlug: new Map(), memo: new Map() };
      for (const s of snapshot.schools) {
        ix.byCode.set(s.code.toLowerCase(), s);
        const slug = codeSlug(s.code);
        const same = ix.bySlug.get(slug);
        if (same) same.push(s);
        else ix.bySlug.set(slug, [s]);
      }
      this.indexes.set(snapshot, ix);
    }
    return ix;
  }
}

/**
 * Memoised (the same ClientInfo object each time, and one HMAC per address per snapshot), bounded:
 * someone trying addresses at random fills it and it starts afresh.
 */
function remember(ix: Index, key: string, found: ClientInfo | null): ClientInfo | null {
  if (ix.memo.size >= 10_000) ix.memo.clear();
  ix.memo.set(key, found);
  return found;
}
