import { cleanText } from '../../shared/text.js';
import { type BankKind, canonicalHash } from './hashes.js';

/**
 * Hash lists as ThreatExchange / HMA write them: one hex hash per line, optionally followed by a
 * label after a comma or a tab; a header line (`hash,label`, `signal_value,…`) and `#` comments
 * are allowed. Bad lines are reported with their number and never stop the good ones.
 *
 * Read by hand, line by line, not with csv-parse (a dependency, used for the schools import):
 * - the format is one hash per line, and a line must not affect the next: csv-parse reads records
 *   across lines, so one label opening a quote it never closes swallows every hash after it
 *   (tried: `h1,"x…` then `h2,ok` yields one skipped record, h2 lost); here it stays that line's
 *   label (csv.test.ts);
 * - measured on Node 20 on the shared 2-core machine, same run, 500,000 `hash,label` lines
 *   (37 MiB, the 32 MiB route limit's order): csv-parse 2.2–2.5 s with one delimiter, 3.5–5.1 s with
 *   the options this format needs (`,` `;` tab, BOM, comments), against 0.37–0.87 s for this
 *   function including the hash checks — all of it blocking the web process's event loop.
 */
export type HashRejectReason = 'bad_hex' | 'wrong_length' | 'label_too_long' | 'line_too_long';

export interface RejectedHashLine {
  line: number;
  text: string;
  reason: HashRejectReason;
}

export interface ParsedHashes {
  hashes: { hash: string; label: string | null }[];
  lines: number;
  rejected: number;
  /** The first `maxRejects` rejected lines. */
  rejectedLines: RejectedHashLine[];
}

export const MAX_LABEL = 200;
const MAX_LINE = 1000;
const HEADER_FIELDS = new Set(['hash', 'hashes', 'pdq', 'sha256', 'md5', 'signal', 'signal_value', 'value', 'hex', 'indicator']);

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}

export function parseHashCsv(content: string, kind: BankKind, maxRejects = 1000): ParsedHashes {
  const out: ParsedHashes = { hashes: [], lines: 0, rejected: 0, rejectedLines: [] };
  const reject = (line: number, text: string, reason: HashRejectReason) => {
    out.rejected++;
    if (out.rejectedLines.length < maxRejects) out.rejectedLines.push({ line, text: text.slice(0, 200), reason });
  };
  const expected = kind === 'md5' ? 32 : 64;
  let seenData = false;
  let start = 0;
  let lineNo = 0;
  // A byte-order mark from spreadsheet exports is not part of the first hash.
  if (content.charCodeAt(0) === 0xfeff) start = 1;
  while (start <= content.length) {
    let end = content.indexOf('\n', start);
    if (end < 0) end = content.length;
    const raw = content.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    lineNo++;
    if (end === content.length && raw === '') break;
    out.lines = lineNo;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.length > MAX_LINE) {
      reject(lineNo, line, 'line_too_long');
      continue;
    }
    const sep = line.search(/[,\t;]/);
    const first = unquote(sep < 0 ? line : line.slice(0, sep));
    if (!seenData && HEADER_FIELDS.has(first.toLowerCase())) {
      seenData = true;
      continue;
    }
    seenData = true;
    const hash = canonicalHash(kind, first);
    if (!hash) {
      reject(lineNo, line, /^[0-9a-fA-F]+$/.test(first) ? (first.length === expected ? 'bad_hex' : 'wrong_length') : 'bad_hex');
      continue;
    }
    const label = sep < 0 ? '' : cleanText(unquote(line.slice(sep + 1)));
    if (label.length > MAX_LABEL) {
      reject(lineNo, line, 'label_too_long');
      continue;
    }
    out.hashes.push({ hash, label: label || null });
  }
  return out;
}

/** CSV the importers above (and HMA) read back: header, then `hash,label`. */
export function csvLine(hash: string, label: string | null): string {
  if (!label) return `${hash},`;
  return /[",\n\r;\t]/.test(label) ? `${hash},"${label.replace(/"/g, '""').replace(/[\r\n]+/g, ' ')}"` : `${hash},${label}`;
}
