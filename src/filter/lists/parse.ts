import { closeSync, openSync, readSync } from 'node:fs';
import { domainToASCII } from 'node:url';
import { hashDotted, TAG_EXCEPTION, TAG_SUBDOMAINS_ONLY, type TableBuilder } from '../matcher.js';

/**
 * Reads block lists in the formats a Pi-hole or AdGuard Home administrator brings:
 *   hosts files          0.0.0.0 bad.example   127.0.0.1 a.example b.example
 *   plain domain lists   bad.example
 *   AdBlock-style rules  ||bad.example^   @@||good.bad.example^   ||bad.example^$important
 *   wildcards            *.bad.example   (subdomains only)
 * Comments (#, !, [Adblock…]) and blank lines are skipped; anything else is rejected with its
 * line number and a reason. The parser works on bytes: a million-line file never becomes a
 * million strings.
 */

/** 'guarded': the name hits the guard list (filter/guard); reported by the import, never by the parser */
export type RejectReason = 'bad_domain' | 'unsupported_rule' | 'ip_not_domain' | 'url_not_domain' | 'line_too_long' | 'guarded';

export interface Rejected {
  line: number;
  text: string;
  reason: RejectReason;
}

export interface ParseStats {
  lines: number;
  accepted: number;
  exceptions: number;
  comments: number;
  rejected: number;
}

export interface RuleSink {
  /** a rule over bytes [s, e) of buf (a lower- or mixed-case dotted name) */
  rule(buf: Uint8Array, s: number, e: number, flags: number): void;
  /** a rule whose name had to be converted (IDN); rare */
  ruleName?(name: string, flags: number): void;
}

const HOSTS_SKIP = new Set([
  'localhost',
  'localhost.localdomain',
  'local',
  'broadcasthost',
  'ip6-localhost',
  'ip6-loopback',
  'ip6-localnet',
  'ip6-mcastprefix',
  'ip6-allnodes',
  'ip6-allrouters',
  'ip6-allhosts',
  '0.0.0.0',
]);
const MAX_LINE = 4096;

const isSpace = (c: number) => c === 32 || c === 9 || c === 13;
const isNameByte = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46;

/** Validates a dotted name in bytes; returns the end (trailing dot dropped) or -1. */
function checkName(buf: Uint8Array, s: number, e: number): number {
  if (e > s && buf[e - 1] === 46) e--;
  if (e <= s || e - s > 253) return -1;
  let labelLen = 0;
  let allDigits = true;
  for (let p = s; p < e; p++) {
    const c = buf[p]!;
    if (c === 46) {
      if (labelLen === 0 || buf[p - 1] === 45) return -1;
      labelLen = 0;
      continue;
    }
    if (!isNameByte(c)) return -1;
    if (labelLen === 0 && c === 45) return -1;
    if (!(c >= 48 && c <= 57)) allDigits = false;
    if (++labelLen > 63) return -1;
  }
  if (labelLen === 0 || buf[e - 1] === 45) return -1;
  if (allDigits) return -2; // looks like an IPv4 address
  return e;
}

function looksLikeIp(buf: Uint8Array, s: number, e: number): boolean {
  let colon = false;
  for (let p = s; p < e; p++) {
    const c = buf[p]!;
    if (c === 58) colon = true;
    else if (!((c >= 48 && c <= 57) || c === 46 || (colon && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70))))) return false;
  }
  return e > s;
}

/** "://" among the first 10 bytes of [s, e): a URL, not a name (no string made per line). */
function hasScheme(buf: Uint8Array, s: number, e: number): boolean {
  const end = Math.min(e, s + 10) - 2;
  for (let p = s; p < end; p++) if (buf[p] === 58 && buf[p + 1] === 47 && buf[p + 2] === 47) return true;
  return false;
}

/** First bytes of the names in HOSTS_SKIP (lower-cased): only such names are turned into a string to look up. */
const HOSTS_SKIP_FIRST = new Set([...HOSTS_SKIP].map((n) => n.charCodeAt(0)));

function hasHigh(buf: Uint8Array, s: number, e: number): boolean {
  for (let p = s; p < e; p++) if (buf[p]! >= 0x80) return true;
  return false;
}

/** Parses a whole list. `onReject` receives at most `maxRejects` lines (counts go on). */
export function parseList(
  buf: Uint8Array,
  sink: RuleSink,
  onReject?: (r: Rejected) => void,
  maxRejects = 1000,
  /** streaming: the stats so far, the number of lines before `buf`, whether `buf` starts the file */
  cont?: { stats: ParseStats; lineBase: number; first: boolean },
): ParseStats {
  const stats: ParseStats = cont?.stats ?? { lines: 0, accepted: 0, exceptions: 0, comments: 0, rejected: 0 };
  const n = buf.length;
  let ls = 0;
  // UTF-8 byte order mark (only at the very start of the file)
  if ((cont?.first ?? true) && n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) ls = 3;
  const reject = (line: number, s: number, e: number, reason: RejectReason) => {
    stats.rejected++;
    if (onReject && stats.rejected <= maxRejects) onReject({ line, text: Buffer.from(buf.subarray(s, Math.min(e, s + 200))).toString('utf8'), reason });
  };
  const emit = (line: number, s: number, e: number, flags: number, ls0: number, le0: number): boolean => {
    const end = checkName(buf, s, e);
    if (end === -1 && hasHigh(buf, s, e)) {
      const ascii = domainToASCII(Buffer.from(buf.subarray(s, e)).toString('utf8').replace(/\.$/, ''));
      const b = Buffer.from(ascii, 'latin1');
      if (ascii && checkName(b, 0, b.length) > 0 && sink.ruleName) {
        sink.ruleName(ascii.toLowerCase(), flags);
        stats.accepted++;
        if (flags & TAG_EXCEPTION) stats.exceptions++;
        return true;
      }
    }
    if (end === -2) {
      reject(line, ls0, le0, 'ip_not_domain');
      return false;
    }
    if (end < 0) {
      reject(line, ls0, le0, 'bad_domain');
      return false;
    }
    sink.rule(buf, s, end, flags);
    stats.accepted++;
    if (flags & TAG_EXCEPTION) stats.exceptions++;
    return true;
  };
  let lineNo = cont?.lineBase ?? 0;
  while (ls < n) {
    let le = ls;
    while (le < n && buf[le] !== 10) le++;
    const next = le + 1;
    lineNo++;
    stats.lines++;
    let s = ls;
    let e = le;
    while (s < e && isSpace(buf[s]!)) s++;
    while (e > s && isSpace(buf[e - 1]!)) e--;
    ls = next;
    if (s === e) continue;
    const c0 = buf[s]!;
    if (c0 === 35 || c0 === 33 || c0 === 91) {
      stats.comments++;
      continue;
    }
    if (e - s > MAX_LINE) {
      reject(lineNo, s, e, 'line_too_long');
      continue;
    }
    const lineS = s;
    const lineE = e;
    // inline comment: "domain # note"
    for (let p = s + 1; p < e; p++) {
      if (buf[p] === 35 && isSpace(buf[p - 1]!)) {
        e = p;
        while (e > s && isSpace(buf[e - 1]!)) e--;
        break;
      }
    }
    let flags = 0;
    if (buf[s] === 64 && buf[s + 1] === 64) {
      flags |= TAG_EXCEPTION;
      s += 2;
    }
    if (buf[s] === 124 && buf[s + 1] === 124) {
      // AdBlock: ||name^ with optional $important or a final |
      s += 2;
      let p = s;
      while (p < e && buf[p] !== 94 && buf[p] !== 36 && buf[p] !== 47 && buf[p] !== 124) p++;
      const nameEnd = p;
      if (p < e && buf[p] === 94) p++;
      const rest = p < e ? Buffer.from(buf.subarray(p, e)).toString('latin1') : '';
      if (rest !== '' && rest !== '|' && rest !== '$important' && rest !== '|$important') {
        reject(lineNo, lineS, lineE, 'unsupported_rule');
        continue;
      }
      if (buf[s] === 42 && buf[s + 1] === 46) {
        flags |= TAG_SUBDOMAINS_ONLY;
        s += 2;
      }
      emit(lineNo, s, nameEnd, flags, lineS, lineE);
      continue;
    }
    if (flags & TAG_EXCEPTION) {
      // "@@name" without the pipes: an exception for a plain name
      emit(lineNo, s, e, flags, lineS, lineE);
      continue;
    }
    // hosts format: IP then one or more names
    let sp = s;
    while (sp < e && !isSpace(buf[sp]!)) sp++;
    if (sp < e) {
      if (!looksLikeIp(buf, s, sp)) {
        reject(lineNo, lineS, lineE, 'unsupported_rule');
        continue;
      }
      let p = sp;
      while (p < e) {
        while (p < e && isSpace(buf[p]!)) p++;
        const ns = p;
        while (p < e && !isSpace(buf[p]!)) p++;
        if (p > ns) {
          if (p - ns <= 32 && HOSTS_SKIP_FIRST.has(buf[ns]! | 0x20) && HOSTS_SKIP.has(Buffer.from(buf.subarray(ns, p)).toString('latin1').toLowerCase()))
            continue;
          emit(lineNo, ns, p, 0, lineS, lineE);
        }
      }
      continue;
    }
    // a URL, an IP, a wildcard or a plain name
    if (e - s > 3 && hasScheme(buf, s, e)) {
      reject(lineNo, lineS, lineE, 'url_not_domain');
      continue;
    }
    if (looksLikeIp(buf, s, e) && buf.subarray(s, e).includes(58)) {
      reject(lineNo, lineS, lineE, 'ip_not_domain');
      continue;
    }
    if (buf[s] === 42 && buf[s + 1] === 46) {
      flags |= TAG_SUBDOMAINS_ONLY;
      s += 2;
    }
    emit(lineNo, s, e, flags, lineS, lineE);
  }
  return stats;
}

/**
 * Reads a list this project wrote itself (normalisedSink: one rule per line — "name", "*.name"
 * or "@@name" —, already checked and lower-cased) without checking it again: the fast path for
 * compiling stored lists into the filter's table (about 3× the general parser). Never for a file
 * from outside: it trusts every line.
 */
export function parseNormalised(
  buf: Buffer,
  sink: RuleSink,
  stats: ParseStats = { lines: 0, accepted: 0, exceptions: 0, comments: 0, rejected: 0 },
): ParseStats {
  const n = buf.length;
  let ls = 0;
  while (ls < n) {
    let le = buf.indexOf(10, ls);
    if (le < 0) le = n;
    stats.lines++;
    let s = ls;
    let flags = 0;
    if (buf[s] === 64 && buf[s + 1] === 64) {
      flags |= TAG_EXCEPTION;
      s += 2;
    }
    if (buf[s] === 42 && buf[s + 1] === 46) {
      flags |= TAG_SUBDOMAINS_ONLY;
      s += 2;
    }
    if (le > s) {
      sink.rule(buf, s, le, flags);
      stats.accepted++;
      if (flags & TAG_EXCEPTION) stats.exceptions++;
    }
    ls = le + 1;
  }
  return stats;
}

/**
 * Parses a list file in fixed-size chunks (default 1 MiB): the file is never held whole, and no
 * line becomes a string. A line longer than the chunk is skipped up to its newline and rejected
 * as too long. Returns the stats and the number of lines seen (for pre-sizing, see countLines).
 */
export function parseListFile(
  file: string,
  sink: RuleSink,
  onReject?: (r: Rejected) => void,
  maxRejects = 1000,
  chunkBytes = 1 << 20,
  /** the file was written by normalisedSink (a stored list): read it with parseNormalised */
  normalised = false,
): ParseStats {
  const stats: ParseStats = { lines: 0, accepted: 0, exceptions: 0, comments: 0, rejected: 0 };
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.max(MAX_LINE * 2, chunkBytes));
    let have = 0; // bytes in buf not yet parsed
    let first = true;
    let eof = false;
    let skipping = false; // inside an over-long line: drop bytes up to the next newline
    let skipLine = 0;
    while (!eof || have > 0) {
      if (!eof) {
        const r = readSync(fd, buf, have, buf.length - have, null);
        if (r === 0) eof = true;
        have += r;
      }
      let start = 0;
      if (skipping) {
        const nl = buf.indexOf(10, 0);
        if (nl < 0 || nl >= have) {
          have = 0;
          if (eof) skipping = false;
          continue;
        }
        skipping = false;
        start = nl + 1;
      }
      // the last complete line in the buffer (everything, at the end of the file)
      let end = have;
      if (!eof) {
        const nl = buf.lastIndexOf(10, have - 1);
        end = nl >= start ? nl + 1 : -1;
      }
      if (end === -1) {
        // no newline in a full buffer: one line longer than the buffer
        stats.lines++;
        stats.rejected++;
        skipLine = stats.lines;
        if (onReject && stats.rejected <= maxRejects)
          onReject({ line: skipLine, text: buf.subarray(start, start + 200).toString('utf8'), reason: 'line_too_long' });
        skipping = true;
        have = 0;
        first = false;
        continue;
      }
      if (end > start) {
        const before = stats.lines;
        if (normalised) parseNormalised(buf.subarray(start, end), sink, stats);
        else parseList(buf.subarray(start, end), sink, onReject, maxRejects, { stats, lineBase: before, first });
      }
      first = false;
      buf.copy(buf, 0, end, have);
      have -= end;
      if (eof && have === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return stats;
}

/** A stored (normalised) list file, in chunks, on the fast path (see parseNormalised). */
export function parseNormalisedFile(file: string, sink: RuleSink, chunkBytes = 1 << 20): ParseStats {
  return parseListFile(file, sink, undefined, 0, chunkBytes, true);
}

/** Newlines in a file (+1 for a last line without one), read in chunks: an upper bound for pre-sizing. */
export function countLines(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    let last = 10;
    for (;;) {
      const r = readSync(fd, buf, 0, buf.length, null);
      if (r === 0) break;
      let p = buf.indexOf(10, 0);
      while (p >= 0 && p < r) {
        lines++;
        p = buf.indexOf(10, p + 1);
      }
      last = buf[r - 1]!;
    }
    return lines + (last === 10 ? 0 : 1);
  } finally {
    closeSync(fd);
  }
}

/** A sink that hashes rules straight into a table builder under one category. */
export function tableSink(builder: TableBuilder, category: number): RuleSink {
  const out = new Int32Array(2);
  return {
    rule(buf, s, e, flags) {
      hashDotted(buf, s, e, out);
      builder.add(out[0]!, out[1]!, (category & 0x3f) | flags);
    },
    ruleName(name, flags) {
      const b = Buffer.from(name, 'latin1');
      hashDotted(b, 0, b.length, out);
      builder.add(out[0]!, out[1]!, (category & 0x3f) | flags);
    },
  };
}

/** A sink that writes the normalised list: one rule per line, "name", "*.name" or "@@name". */
export function normalisedSink(): RuleSink & { result(): Buffer; count: number } {
  const chunks: Buffer[] = [];
  let cur = Buffer.allocUnsafe(1 << 20);
  let o = 0;
  const write = (prefix: string, src: Uint8Array, s: number, e: number) => {
    const need = prefix.length + (e - s) + 1;
    if (o + need > cur.length) {
      chunks.push(cur.subarray(0, o));
      cur = Buffer.allocUnsafe(Math.max(1 << 20, need));
      o = 0;
    }
    o += cur.write(prefix, o, 'latin1');
    for (let p = s; p < e; p++) {
      let c = src[p]!;
      if (c >= 65 && c <= 90) c |= 0x20;
      cur[o++] = c;
    }
    cur[o++] = 10;
  };
  const prefix = (flags: number) => (flags & TAG_EXCEPTION ? '@@' : '') + (flags & TAG_SUBDOMAINS_ONLY ? '*.' : '');
  const sink = {
    count: 0,
    rule(buf: Uint8Array, s: number, e: number, flags: number) {
      write(prefix(flags), buf, s, e);
      sink.count++;
    },
    ruleName(name: string, flags: number) {
      const b = Buffer.from(name, 'latin1');
      write(prefix(flags), b, 0, b.length);
      sink.count++;
    },
    result() {
      return Buffer.concat([...chunks, cur.subarray(0, o)]);
    },
  };
  return sink;
}

/** The rules of a list that match a name or one of its parents (the slow "why" path). */
export function rulesMatching(buf: Uint8Array, name: string): string[] {
  const parts = name.split('.');
  const suffixes = new Set(parts.map((_, i) => parts.slice(i).join('.')));
  const found: string[] = [];
  const consider = (n: string, flags: number) => {
    if (!suffixes.has(n) || (flags & TAG_SUBDOMAINS_ONLY && n === name)) return;
    found.push((flags & TAG_EXCEPTION ? '@@' : '') + (flags & TAG_SUBDOMAINS_ONLY ? '*.' : '') + n);
  };
  parseList(buf, {
    rule: (b, s, e, flags) => consider(Buffer.from(b.subarray(s, e)).toString('latin1').toLowerCase(), flags),
    ruleName: consider,
  });
  return found;
}
