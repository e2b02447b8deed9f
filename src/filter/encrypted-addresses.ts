import type { Config } from '../config.js';
import { loadAddressKey, SchoolAddresses } from './engine/school-addresses.js';
import { BANDS, type Band } from './model.js';
import { readSnapshotJson } from './snapshot-file.js';
import { BAND_LABELS } from './stats/feed.js';

/**
 * `lachan filter addresses`: the DNS-over-HTTPS URL and DNS-over-TLS name of each school band, for
 * whoever sets up the school's tablets (a device profile, Android's "Private DNS"). Read from the
 * snapshot the filter serves and the data directory's address key (engine/school-addresses.ts),
 * without the database. Each address is a secret of that school band: print one school at a time.
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

export function printEncryptedAddresses(cfg: Config, o: AddressOptions, say: Say, out: (s: string) => void): number {
  const loaded = readSnapshotJson(cfg.dataDir);
  if (!loaded) {
    out(`${say('Chưa có snapshot.json: chạy lachan filter snapshot trước', 'No snapshot.json yet: run lachan filter snapshot first')}\n`);
    return 1;
  }
  const schools = loaded.snapshot.schools.filter((s) => !o.school || s.code.toLowerCase() === o.school.toLowerCase() || s.id === o.school);
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
  const addresses = SchoolAddresses.fromKey(loadAddressKey(cfg.dataDir));
  out(`${say('trường\tcấp học\tDoH (RFC 8484)\tDoT (RFC 7858, tên máy chủ)', 'school\tband\tDoH (RFC 8484)\tDoT (RFC 7858, server name)')}\n`);
  for (const s of schools)
    for (const b of bands) out(`${s.code}\t${label(b, say)}\t${base}${addresses.dohPath(s, b)}\t${addresses.dotLabel(s, b)}.${suffix}\n`);
  if (!o.dotSuffix)
    out(
      `${say('SUFFIX: tên miền mà chứng chỉ DoT phủ bằng ký tự đại diện (*.SUFFIX); --dot-suffix để in sẵn', 'SUFFIX: the domain the DoT certificate covers by wildcard (*.SUFFIX); --dot-suffix to fill it in')}\n`,
    );
  return 0;
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
