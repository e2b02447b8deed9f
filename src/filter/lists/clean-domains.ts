import { badInput } from '../../shared/errors.js';
import { normalisedSink, parseList, type Rejected } from './parse.js';

/**
 * Cleans a list of domain entries typed in the console with the same parser the imported lists
 * use, so a hand-typed entry means what an imported one means; rejects the whole list on a bad line.
 */
export function cleanDomains(entries: readonly string[], field: string): string[] {
  const out: string[] = [];
  const rejected: Rejected[] = [];
  const sink = normalisedSink();
  parseList(Buffer.from(entries.join('\n'), 'utf8'), sink, (r) => rejected.push(r));
  if (rejected.length) throw badInput(`${field}: '${rejected[0]!.text}' (${rejected[0]!.reason})`);
  for (const l of sink.result().toString('latin1').split('\n')) if (l && !out.includes(l)) out.push(l);
  return out;
}
