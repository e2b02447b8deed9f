import type { Config } from '../config.js';
import type { Tx } from '../db/database.js';
import { loadAddressKey, SchoolAddresses } from './engine/school-addresses.js';
import { loadAddressTokens, loadLastGood, readNodeFile } from './fleet/node/node-files.js';
import { BANDS, type Band, type Snapshot } from './model.js';
import { readSnapshotJson } from './snapshot-file.js';
import { BAND_LABELS } from './stats/feed.js';

/**
 * `lachan filter addresses`: the DNS-over-HTTPS URL and DNS-over-TLS name of each school band, for
 * whoever sets up the school's tablets (a device profile, Android's "Private DNS"). At the centre
 * the schools come from the database (every school, with a network or a rule yet or not) and the
 * addresses from the data directory's address key (engine/school-addresses.ts) — or, on a fleet node, from its saved policy and the tokens its centre gave
 * (the same addresses, its own schools only). Each address is a secret of that school band: print
 * one school at a time.
 */
export interface AddressOptions {
  school?: string;
  band?: string;
  /** https://dns.example.vn[:port] — default: https:// + LACHAN_DOH_ADDR */
  dohUrl?: string;
  /** the domain under which the DoT certificate's wildcard lies, e.g. dot.example.vn */
  dotSuffix?: string;
}

type Say = (vi: string, en: string) => string;

/** A school as the addresses name it. */
type School = Snapshot['schools'][number];

/**
 * `lachan filter addresses` as the command runs it: on a fleet node from what it keeps on disk; at
 * the centre with the schools `readSchools` reads from the database (opened by the caller only
 * then: a node has no database).
 */
export async function runEncryptedAddresses(
  cfg: Config,
  o: AddressOptions,
  say: Say,
  out: (s: string) => void,
  readSchools: () => Promise<School[]>,
): Promise<number> {
  return printEncryptedAddresses(cfg, o, say, out, readNodeFile(cfg.dataDir) ? undefined : await readSchools());
}

/** Every school at the centre, or the one --school names (its code in any case, or its id). */
export async function centreSchools(db: Tx, school?: string): Promise<School[]> {
  // no code or id holds a control character or is that long; PostgreSQL would refuse a NUL with an error
  if (school && (school.length > 200 || /[\u0000-\u001f]/.test(school))) return [];
  let q = db.selectFrom('schools').select(['id', 'code', 'name']);
  if (school) q = q.where((eb) => eb.or([eb('id', '=', school), eb(eb.fn('lower', ['code']), '=', school.toLowerCase())]));
  return q.orderBy('code').execute();
}

/**
 * Prints the addresses of `centre` (the schools of the centre's database) or, on a fleet node, of
 * the schools of its saved policy; without `centre` at the centre, of the snapshot it serves.
 */
export function printEncryptedAddresses(cfg: Config, o: AddressOptions, say: Say, out: (s: string) => void, centre?: School[]): number {
  const source = readNodeFile(cfg.dataDir) ? fromNode(cfg.dataDir, say, out) : fromCentre(cfg.dataDir, centre, say, out);
  if (!source) return 1;
  const schools = source.schools.filter((s) => !o.school || s.code.toLowerCase() === o.school.toLowerCase() || s.id === o.school);
  if (o.school && schools.length === 0) {
    out(`${say('Không có trường', 'No school')} '${o.school}'\n`);
    return 1;
  }
  const band = o.band === undefined ? undefined : bandOf(o.band);
  if (band === null) {
    out(`${say('Cấp học không hợp lệ', 'Unknown band')} '${o.band}': ${BANDS.map((b) => `${b} (${label(b, say)})`).join(', ')}\n`);
    return 1;
  }
  const bands = band ? [band] : BANDS;
  const doh = cfg.filter.encrypted?.doh;
  const base = (o.dohUrl ?? (doh ? `https://${doh.host.includes(':') ? `[${doh.host}]` : doh.host}:${doh.port}` : 'https://HOST')).replace(/\/+$/, '');
  const suffix = o.dotSuffix ?? 'SUFFIX';
  const { addresses } = source;
  out(`${say('trường\tcấp học\tDoH (RFC 8484)\tDoT (RFC 7858, tên máy chủ)', 'school\tband\tDoH (RFC 8484)\tDoT (RFC 7858, server name)')}\n`);
  for (const s of schools)
    for (const b of bands) {
      if (!addresses.token(s.id, b)) continue;
      out(`${s.code}\t${label(b, say)}\t${base}${addresses.dohPath(s, b)}\t${addresses.dotLabel(s, b)}.${suffix}\n`);
    }
  // the address is the school's for good, but the listeners know only the schools of the policy they serve
  // (every school at the time of the last publish: a school registered since is not in it yet)
  const waiting = schools.filter((s) => source.served && !source.served.has(s.id)).map((s) => s.code);
  if (waiting.length)
    out(
      `${say(
        `${waiting.join(', ')}: trường được thêm sau lần cập nhật chính sách bộ lọc gần nhất nên chưa có trong chính sách đang phục vụ; các địa chỉ trên được trả lời từ lần cập nhật tới (ví dụ khi khai báo dải mạng hoặc quy tắc của trường)`,
        `${waiting.join(', ')}: added after the filter's policy last changed, so not in the policy it serves yet; the addresses above are answered from the next policy change (for example when the school's networks or rules are set)`,
      )}\n`,
    );
  if (!o.dotSuffix)
    out(
      `${say('SUFFIX: tên miền mà chứng chỉ DoT phủ bằng ký tự đại diện (*.SUFFIX); --dot-suffix để in sẵn', 'SUFFIX: the domain the DoT certificate covers by wildcard (*.SUFFIX); --dot-suffix to fill it in')}\n`,
    );
  return 0;
}

interface Source {
  schools: School[];
  addresses: SchoolAddresses;
  /** at the centre, the schools the served snapshot lists: the listeners answer for these only */
  served?: ReadonlySet<string>;
}

/**
 * The centre: the schools of its database when they were read (a school with no network or rule
 * yet is not in the snapshot, and its addresses are wanted all the same), else of the snapshot
 * `lachan filter` serves; the data directory's key.
 */
function fromCentre(dataDir: string, schools: School[] | undefined, say: Say, out: (s: string) => void): Source | null {
  if (schools) {
    const served = readSnapshotJson(dataDir)?.snapshot.schools;
    return { schools, addresses: SchoolAddresses.fromKey(loadAddressKey(dataDir)), served: served && new Set(served.map((s) => s.id)) };
  }
  const loaded = readSnapshotJson(dataDir);
  if (!loaded) {
    out(`${say('Chưa có snapshot.json: chạy lachan filter snapshot trước', 'No snapshot.json yet: run lachan filter snapshot first')}\n`);
    return null;
  }
  return { schools: loaded.snapshot.schools, addresses: SchoolAddresses.fromKey(loadAddressKey(dataDir)) };
}

/**
 * A fleet node (node.json in the data directory): its last good policy and the tokens its centre
 * gave — the same addresses the centre prints for these schools. Never a key of its own: one made
 * here would print addresses that nothing answers.
 */
function fromNode(dataDir: string, say: Say, out: (s: string) => void): Source | null {
  const policy = loadLastGood(dataDir);
  const tokens = loadAddressTokens(dataDir);
  if (!policy || !tokens?.length) {
    out(
      `${say(
        'Trạm lọc chưa nhận địa chỉ DoH/DoT từ trung tâm: chạy trạm với LACHAN_DOH_ADDR/LACHAN_DOT_ADDR khi kết nối được trung tâm (hoặc in địa chỉ ở trung tâm: giống nhau)',
        'This filter node has no DoH/DoT addresses from its centre yet: run it with LACHAN_DOH_ADDR/LACHAN_DOT_ADDR while the centre is reachable (or print them at the centre: they are the same)',
      )}\n`,
    );
    return null;
  }
  return { schools: policy.policy.schools, addresses: SchoolAddresses.fromTokens(tokens) };
}

/** The band as people call it (Mầm non, Tiểu học…), never the code. */
const label = (b: Band, say: Say) => say(BAND_LABELS[b]!.vi, BAND_LABELS[b]!.en);

/** --band takes the code (lower_secondary, lower-secondary) or the name in either language. */
function bandOf(raw: string): Band | null {
  const want = raw.trim().toLowerCase().replaceAll('-', '_');
  return (
    BANDS.find(
      (b) => b === want || BAND_LABELS[b]!.vi.toLowerCase() === raw.trim().toLowerCase() || BAND_LABELS[b]!.en.toLowerCase() === raw.trim().toLowerCase(),
    ) ?? null
  );
}
