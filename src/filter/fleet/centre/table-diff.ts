import type { DomainTable } from '../../matcher.js';
import type { EntryList } from '../protocol.js';

/**
 * Entries added and removed between two compiled tables, or null when a diff would not rebuild the
 * new table on a node: a table's entries know only the high `bits` bits of a hash and the low 16,
 * so a node can rebucket them only while the bucket count stays the same or both tables use at
 * least 2^16 buckets (then nothing is lost). A small table that crossed a power of two goes whole.
 */
export function diffTables(from: DomainTable, to: DomainTable): { added: EntryList; removed: EntryList } | null {
  if (from.bits !== to.bits && (from.bits < 16 || to.bits < 16)) return null;
  return { added: missingFrom(to, from), removed: missingFrom(from, to) };
}

/** Entries of `a` that `b` lacks. */
function missingFrom(a: DomainTable, b: DomainTable): EntryList {
  const h1: number[] = [];
  const h2: number[] = [];
  const tags: number[] = [];
  a.forEachEntry((x, y, t) => {
    if (!b.hasEntry(x, y, t)) {
      h1.push(x);
      h2.push(y);
      tags.push(t);
    }
  });
  return { h1: Int32Array.from(h1), h2: Int32Array.from(h2), tags: Uint8Array.from(tags) };
}

/** Every entry of a table, or none. */
export function entriesOf(t: DomainTable | null): EntryList {
  if (!t) return emptyEntries();
  const out = { h1: new Int32Array(t.size), h2: new Int32Array(t.size), tags: new Uint8Array(t.size) };
  let i = 0;
  t.forEachEntry((h1, h2, tag) => {
    out.h1[i] = h1;
    out.h2[i] = h2;
    out.tags[i++] = tag;
  });
  return out;
}

/**
 * The change of a union of tables that share no entry, from the changes of each: their sum, less
 * the entries that only moved from one table to the other (a confirmed name a third-party list now
 * holds too: the city table loses it, the big table gains it, the union keeps it).
 */
export function sumOfDiffs(parts: ReadonlyArray<{ added: EntryList; removed: EntryList }>): { added: EntryList; removed: EntryList } {
  const added = parts.reduce((a, p) => concat(a, p.added), emptyEntries());
  const removed = parts.reduce((a, p) => concat(a, p.removed), emptyEntries());
  if (parts.length < 2 || added.tags.length === 0 || removed.tags.length === 0) return { added, removed };
  const a = keysOf(added);
  const moved = new Set([...keysOf(removed)].filter((k) => a.has(k)));
  if (moved.size === 0) return { added, removed };
  return { added: filter(added, (k) => !moved.has(k)), removed: filter(removed, (k) => !moved.has(k)) };
}

export function emptyEntries(): EntryList {
  return { h1: new Int32Array(0), h2: new Int32Array(0), tags: new Uint8Array(0) };
}

/**
 * Two consecutive diffs as one (each applies exactly: its added were absent, its removed present):
 * removed = r1 ∪ (r2 − a1), added = (a1 − r2) ∪ a2.
 */
export function composeDiffs(
  d1: { added: EntryList; removed: EntryList },
  d2: { added: EntryList; removed: EntryList },
): { added: EntryList; removed: EntryList } {
  const a1 = keysOf(d1.added);
  const r2 = keysOf(d2.removed);
  return {
    removed: concat(
      d1.removed,
      filter(d2.removed, (k) => !a1.has(k)),
    ),
    added: concat(
      filter(d1.added, (k) => !r2.has(k)),
      d2.added,
    ),
  };
}

/** Each entry as one string key (h1:h2:tag). */
function keysOf(l: EntryList): Set<string> {
  const s = new Set<string>();
  for (let i = 0; i < l.tags.length; i++) s.add(`${l.h1[i]}:${l.h2[i]}:${l.tags[i]}`);
  return s;
}

function filter(l: EntryList, keep: (k: string) => boolean): EntryList {
  const out = { h1: [] as number[], h2: [] as number[], tags: [] as number[] };
  for (let i = 0; i < l.tags.length; i++)
    if (keep(`${l.h1[i]}:${l.h2[i]}:${l.tags[i]}`)) {
      out.h1.push(l.h1[i]!);
      out.h2.push(l.h2[i]!);
      out.tags.push(l.tags[i]!);
    }
  return { h1: Int32Array.from(out.h1), h2: Int32Array.from(out.h2), tags: Uint8Array.from(out.tags) };
}

function concat(a: EntryList, b: EntryList): EntryList {
  const h1 = new Int32Array(a.tags.length + b.tags.length);
  h1.set(a.h1);
  h1.set(b.h1, a.tags.length);
  const h2 = new Int32Array(h1.length);
  h2.set(a.h2);
  h2.set(b.h2, a.tags.length);
  const tags = new Uint8Array(h1.length);
  tags.set(a.tags);
  tags.set(b.tags, a.tags.length);
  return { h1, h2, tags };
}
