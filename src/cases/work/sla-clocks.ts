import { type RawBuilder, sql } from 'kysely';
import type { SlaTrack } from './tables.js';

/**
 * SLA clocks of a case, defined once: the case page, the overdue board and the case list's
 * "overdue" filter all ask here, as code (`clockOf`) or as SQL (`overdueCaseWhere`), so they
 * cannot disagree (sla-clocks.test.ts checks both forms on random event histories).
 *
 * A step's clock starts with an event of its start type and stops with an event of one of its
 * stop types at or after that start. It is running while some start has no stop at or after it,
 * counting from the earliest such start (the oldest unanswered one), and overdue once it has run
 * longer than the step's limit. It runs only while the step's track is open (a closed track or
 * case stops every clock). Nothing is typed in by a person: it is all read from the case's events
 * and the configured steps. Timestamps are ISO-8601 UTC text and compare as text.
 */
export interface SlaStep {
  code: string;
  track: SlaTrack;
  startEvent: string;
  stopEvents: readonly string[];
  limitHours: number;
}

export interface TimedEvent {
  type: string;
  at: string;
}

/** The case's track states, as stored on `cases` (null: the case has no such track). */
export interface TrackStates {
  victim_state: string | null;
  violation_state: string | null;
  closed_at: string | null;
}

export type ClockState = 'not_started' | 'running' | 'overdue' | 'met' | 'missed' | 'stopped';

export interface Clock {
  step: string;
  state: ClockState;
  /** When the clock (the current run, or the last finished one) started. */
  startedAt: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
}

export const addHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/** Whether the step's track is open on this case (its clock may run). */
export function trackOpen(track: SlaTrack, c: TrackStates): boolean {
  if (track === 'victim') return c.victim_state !== null && c.victim_state !== 'closed';
  if (track === 'violation') return c.violation_state !== null && c.violation_state !== 'closed';
  return c.closed_at === null;
}

export function clockOf(step: SlaStep, c: TrackStates, events: readonly TimedEvent[], now: string): Clock {
  const starts = events.filter((e) => e.type === step.startEvent).map((e) => e.at);
  const stops = events.filter((e) => step.stopEvents.includes(e.type)).map((e) => e.at);
  if (starts.length === 0) return { step: step.code, state: 'not_started', startedAt: null, dueAt: null, stoppedAt: null };
  const lastStop = stops.reduce<string | null>((m, s) => (m === null || s > m ? s : m), null);
  const first = starts.filter((s) => lastStop === null || s > lastStop).sort()[0];
  if (first !== undefined) {
    const dueAt = addHours(first, step.limitHours);
    if (!trackOpen(step.track, c)) return { step: step.code, state: 'stopped', startedAt: first, dueAt, stoppedAt: null };
    return { step: step.code, state: dueAt < now ? 'overdue' : 'running', startedAt: first, dueAt, stoppedAt: null };
  }
  // Every start is answered: show the last finished run (its earliest start, its first stop).
  const lastStart = starts.sort().at(-1) as string;
  const prevStop =
    stops
      .filter((s) => s < lastStart)
      .sort()
      .at(-1) ?? null;
  const runStart = starts.find((s) => prevStop === null || s > prevStop) as string;
  const stoppedAt = stops.filter((s) => s >= runStart).sort()[0] as string;
  const dueAt = addHours(runStart, step.limitHours);
  return { step: step.code, state: stoppedAt > dueAt ? 'missed' : 'met', startedAt: runStart, dueAt, stoppedAt };
}

export const clocksOf = (steps: readonly SlaStep[], c: TrackStates, events: readonly TimedEvent[], now: string): Clock[] =>
  steps.map((s) => clockOf(s, c, events, now));

/**
 * The same rule as a WHERE condition on `cases` (as `table`, `c` unless named): some active step's
 * track is open and it has a start older than its limit with no stop at or after it.
 */
export function overdueCaseWhere(steps: readonly SlaStep[], now: string, table = 'c'): RawBuilder<boolean> {
  if (steps.length === 0) return sql<boolean>`1 = 0`;
  return sql<boolean>`(${sql.join(
    steps.map((step) => {
      const threshold = addHours(now, -step.limitHours);
      const col = (name: string) => sql.ref(`${table}.${name}`);
      const open =
        step.track === 'victim'
          ? sql<boolean>`(${col('victim_state')} is not null and ${col('victim_state')} <> 'closed')`
          : step.track === 'violation'
            ? sql<boolean>`(${col('violation_state')} is not null and ${col('violation_state')} <> 'closed')`
            : sql<boolean>`${col('closed_at')} is null`;
      const stops = step.stopEvents.length > 0 ? step.stopEvents : ['-'];
      return sql<boolean>`(${open} and exists (select 1 from case_events s where s.case_id = ${col('id')} and s.type = ${step.startEvent} and s.at < ${threshold}
        and not exists (select 1 from case_events e where e.case_id = ${col('id')} and e.type in (${sql.join(stops)}) and e.at >= s.at)))`;
    }),
    sql` or `,
  )})`;
}
