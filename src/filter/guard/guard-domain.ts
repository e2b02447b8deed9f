import { AppError } from '../../shared/errors.js';
import { normalisedSink, parseList, type Rejected } from '../lists/parse.js';

/**
 * A guard entry's name as stored: a host name of two labels or more ('Zalo.ME.' → 'zalo.me').
 * Refuses IP addresses, URLs, wildcards, exceptions, a single label ('com' would guard a whole
 * top-level domain) and junk, with `filter.guard_bad_domain`.
 */
export function guardDomainOf(input: string): string {
  const raw = String(input ?? '')
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  const bad = () => new AppError(400, 'filter.guard_bad_domain', { domain: raw.slice(0, 80) });
  if (!raw || raw.length > 253 || /[\s/:@*|^$]/.test(raw)) throw bad();
  const rejected: Rejected[] = [];
  const sink = normalisedSink();
  parseList(Buffer.from(raw, 'utf8'), sink, (r) => rejected.push(r));
  const out = sink.result().toString('latin1').split('\n').filter(Boolean);
  if (rejected.length || out.length !== 1) throw bad();
  const name = out[0]!;
  if (!name.includes('.') || /^[\d.]+$/.test(name)) throw bad();
  return name;
}
