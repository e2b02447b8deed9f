/**
 * What a new version of a stored list adds and removes, line by line (both sides normalised: one
 * rule per line). Counted over distinct entries, and only those the list really holds: lines the
 * caller skips (refused by the guard) count on neither side, so `after = before + added - removed`
 * always holds — the console shows these numbers side by side (issue 11). Lines are compared by a 53-bit hash, so a million-line list costs two number
 * sets, not two string sets; only the samples become strings.
 */
export interface ListDiff {
  before: number;
  after: number;
  added: number;
  removed: number;
  addedSample: string[];
  removedSample: string[];
}

function lineKey(buf: Uint8Array, s: number, e: number): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let p = s; p < e; p++) {
    const c = buf[p]!;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

function eachLine(buf: Uint8Array, fn: (s: number, e: number) => void): void {
  let s = 0;
  while (s < buf.length) {
    let e = buf.indexOf(10, s);
    if (e < 0) e = buf.length;
    if (e > s) fn(s, e);
    s = e + 1;
  }
}

/** A line the list does not hold as an entry (e.g. refused by the guard). */
export type SkipLine = (buf: Uint8Array, s: number, e: number) => boolean;

function keys(buf: Uint8Array, skip: SkipLine | undefined): Set<number> {
  const out = new Set<number>();
  eachLine(buf, (s, e) => {
    if (!skip?.(buf, s, e)) out.add(lineKey(buf, s, e));
  });
  return out;
}

export function diffLists(oldBuf: Uint8Array, newBuf: Uint8Array, sample = 50, skip?: SkipLine): ListDiff {
  const a = keys(oldBuf, skip);
  const b = keys(newBuf, skip);
  const d: ListDiff = { before: a.size, after: b.size, added: 0, removed: 0, addedSample: [], removedSample: [] };
  const side = (buf: Uint8Array, other: Set<number>, out: string[]) => {
    let n = 0;
    const seen = new Set<number>();
    eachLine(buf, (s, e) => {
      if (skip?.(buf, s, e)) return;
      const k = lineKey(buf, s, e);
      if (other.has(k) || seen.has(k)) return;
      seen.add(k);
      n++;
      if (out.length < sample) out.push(Buffer.from(buf.subarray(s, e)).toString('latin1'));
    });
    return n;
  };
  d.added = side(newBuf, a, d.addedSample);
  d.removed = side(oldBuf, b, d.removedSample);
  return d;
}

/** The share of the list a change touches: the larger of added and removed over the old size. */
export const changeShare = (d: ListDiff) => Math.max(d.added, d.removed) / Math.max(d.before, 1);
