import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../components.js';
import { useCodeLabels } from '../../hooks.js';
import { loadIntakeVocabulary } from '../../lookups.js';
import { useIntakeT } from './i18n.js';
import type { IntakeVocabulary, Priority, ReportStatus, ReportSummary } from './types.js';

export const PRIORITY_COLORS: Record<Priority, string> = { p1: 'red', p2: 'volcano', p3: 'gold', p4: 'default' };
export const STATUS_COLORS: Record<ReportStatus, string> = { new: 'blue', accepted: 'cyan', handed_over: 'green', rejected: 'default', merged: 'purple' };

/** The current time, ticking every `ms`, so SLA states move on while a page stays open. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

const VOCAB_KINDS = [
  'categories',
  'reporterKinds',
  'ageBands',
  'when',
  'platforms',
  'publicStages',
  // the glossary (src/intake/glossary.ts): the same words the server's notifications and history use
  'priorities',
  'statuses',
  'needs',
  'deadlines',
  'events',
  'linkReasons',
  'rejectReasons',
  'sources',
  'terms',
] as const satisfies readonly (keyof IntakeVocabulary)[];

/**
 * Labels and the glossary's terms from GET /intake/vocabulary, in the console's language (one
 * source with the server: the console keeps no copy of these words). Blank while they load,
 * never the code.
 */
export function useVocabulary() {
  const v = useCodeLabels(loadIntakeVocabulary, VOCAB_KINDS);
  return { ...v, label: (kind: (typeof VOCAB_KINDS)[number], code: string | null | undefined) => (v.data || !code ? v.label(kind, code) : '') };
}

/** "hỗ trợ nạn nhân" at the start of a label: "Hỗ trợ nạn nhân". */
export const capitalised = (s: string) => (s ? s[0]?.toLocaleUpperCase('vi') + s.slice(1) : s);

export function PriorityTag({ p }: { p: Priority }) {
  const vocab = useVocabulary();
  return (
    <Tag color={PRIORITY_COLORS[p]} style={{ fontWeight: p === 'p1' ? 600 : undefined }}>
      {vocab.label('priorities', p)}
    </Tag>
  );
}

export function ReportStatusTag({ s }: { s: ReportStatus }) {
  const vocab = useVocabulary();
  return <Tag color={STATUS_COLORS[s] ?? 'default'}>{vocab.label('statuses', s)}</Tag>;
}

export type ClockState = 'done' | 'closed' | 'overdue' | 'dueSoon' | 'onTime';

const OPEN: ReportStatus[] = ['new', 'accepted'];

/** One SLA clock: done when its moment is recorded; otherwise overdue, due soon (last quarter, ≥ 15 min) or on time. */
export function clockState(r: ReportSummary, due: string, doneAt: string | null, now: number): ClockState {
  if (doneAt) return 'done';
  if (!OPEN.includes(r.status)) return 'closed';
  const end = Date.parse(due);
  const start = Date.parse(r.createdAt);
  if (now > end) return 'overdue';
  const soon = Math.max(15 * 60_000, (end - start) / 4);
  return end - now <= soon ? 'dueSoon' : 'onTime';
}

const CLOCK_LOOK: Record<ClockState, { color: string; icon: React.ReactNode }> = {
  overdue: { color: 'red', icon: <ExclamationCircleOutlined /> },
  dueSoon: { color: 'orange', icon: <ClockCircleOutlined /> },
  onTime: { color: 'blue', icon: <ClockCircleOutlined /> },
  done: { color: 'green', icon: <CheckCircleOutlined /> },
  closed: { color: 'default', icon: <MinusCircleOutlined /> },
};

/** Both clocks of a report, colour plus words (never colour alone), the deadline in a tooltip. */
export function SlaCell({ r, now }: { r: ReportSummary; now: number }) {
  const m = useIntakeT();
  const clocks = [
    { key: 'ack', label: m.sla.ack, due: r.ackDueAt, doneAt: r.acknowledgedAt },
    { key: 'action', label: m.sla.action, due: r.actionDueAt, doneAt: r.firstActionAt },
  ];
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', gap: 4 }}>
      {clocks.map((c) => {
        const state = clockState(r, c.due, c.doneAt, now);
        const look = CLOCK_LOOK[state];
        const words = state === 'done' ? m.sla.done : state === 'closed' ? m.sla.closed : m.sla[state];
        const tip = c.doneAt ? m.sla.doneAt(formatDateTime(c.doneAt)) : m.sla.dueAt(formatDateTime(c.due));
        return (
          <Tooltip key={c.key} title={tip}>
            <Tag color={look.color} icon={look.icon} data-sla={state} tabIndex={0} aria-label={`${c.label}: ${words}, ${tip}`} style={{ marginInlineEnd: 0 }}>
              {c.label}: {words}
            </Tag>
          </Tooltip>
        );
      })}
    </span>
  );
}
