import { DomainTable, TableBuilder } from '../../matcher.js';
import { EnvelopeRefused, type TableChange, tableDigest } from '../protocol.js';

const key = (h1: number, h2: number, tag: number) => `${h1}:${h2}:${tag}`;

/**
 * The node's next domain table from its current one and the centre's change. A diff rebuilds the
 * table once — (current − removed) + added, bucketed as the centre's — and must come out with the
 * centre's digest; anything else is refused and the node asks for a full snapshot.
 */
export function applyTableChange(current: DomainTable, change: TableChange): DomainTable {
  if (change.kind === 'same') return current;
  if (change.kind === 'full') return change.table;
  const removed = new Set<string>();
  for (let i = 0; i < change.removed.tags.length; i++) removed.add(key(change.removed.h1[i]!, change.removed.h2[i]!, change.removed.tags[i]!));
  const b = new TableBuilder(current.size + change.added.tags.length);
  current.forEachEntry((h1, h2, tag) => {
    if (!removed.has(key(h1, h2, tag))) b.add(h1, h2, tag);
  });
  for (let i = 0; i < change.added.tags.length; i++) b.add(change.added.h1[i]!, change.added.h2[i]!, change.added.tags[i]!);
  const next = b.count === 0 ? DomainTable.empty() : b.build(change.bits);
  const got = tableDigest(next);
  if (got !== change.digest) throw new EnvelopeRefused('base', `table digest ${got}, centre's ${change.digest}`);
  return next;
}
