import { DomainTable, TableBuilder } from '../../matcher.js';
import { addDigests, type EntryList, EnvelopeRefused, type TableChange, tableDigest } from '../protocol.js';

/** Entries added since the last rebuild are kept in a small second table up to this many. */
const MAX_OVERLAY = 50_000;

/** A table of `from`'s entries not in `skip`, plus `added`, bucketed like `bits`. */
function build(bits: number, added: EntryList, from: ReadonlyArray<DomainTable | undefined> = [], skip?: DomainTable): DomainTable {
  const b = new TableBuilder(from.reduce((n, t) => n + (t?.size ?? 0), added.tags.length));
  for (const t of from)
    t?.forEachEntry((h1, h2, tag) => {
      if (!skip?.hasEntry(h1, h2, tag)) b.add(h1, h2, tag);
    });
  for (let i = 0; i < added.tags.length; i++) b.add(added.h1[i]!, added.h2[i]!, added.tags[i]!);
  return b.count === 0 ? DomainTable.empty() : b.build(bits);
}

/**
 * The node's next domain tables — the base table and, after small additions, a second small one —
 * from its current ones and the centre's change. A diff that only adds (a confirmed harmful domain)
 * rebuilds the small table alone, so a 1M-name node applies it in a millisecond; a diff that
 * removes rebuilds the base once, (base + small − removed) + added, bucketed as the centre's. The
 * result must come out with the centre's digest; anything else is refused and the node asks for a
 * full snapshot. No string per entry: removals are looked up in a small table.
 */
export function applyTableChange(current: readonly DomainTable[], change: TableChange): DomainTable[] {
  if (change.kind === 'same') return [...current];
  if (change.kind === 'full') return [change.table];
  const [base = DomainTable.empty(), overlay] = current;
  let next: DomainTable[];
  if (change.removed.tags.length === 0 && base.bits === change.bits && (overlay?.size ?? 0) + change.added.tags.length <= MAX_OVERLAY) {
    next = [base, build(change.bits, change.added, [overlay])];
  } else {
    const removed = change.removed.tags.length ? build(base.bits, change.removed) : undefined;
    next = [build(change.bits, change.added, [base, overlay], removed)];
  }
  const got = addDigests(next.map(tableDigest));
  if (got !== change.digest) throw new EnvelopeRefused('base', `table digest ${got}, centre's ${change.digest}`);
  return next;
}
