import { definePolicy, type Rule } from '../../access/policy.js';
import { role, system } from '../../access/rules.js';
import type { DetectItemsTable } from './tables.js';

type ItemRecord = Pick<DetectItemsTable, 'source'>;

/** Intake officers follow up the links their desk sent: they read the items that came from reports. */
const intakeOnReportItems: Rule<ItemRecord> = {
  describe: "role = intake_officer and record.source = 'report'",
  test: (actor, record) => actor.kind === 'user' && actor.role === 'intake_officer' && (record === undefined || record.source === 'report'),
  scope: (actor) => (actor.kind === 'user' && actor.role === 'intake_officer' ? { kind: 'eq', column: 'source', value: 'report' } : { kind: 'none' }),
};

/**
 * The review desk. Analysts and system administrators do the work (read, submit, decide, reveal
 * an image, retry). Intake officers may submit links (not texts or images) and read the items
 * that came from reports. City leaders see statistics only. Every read of one item is audited.
 */
export const reviewItemPolicy = definePolicy<ItemRecord, 'read' | 'submit' | 'decide' | 'reveal' | 'retry' | 'aggregate'>(
  'detect_item',
  {
    read: [role('system_admin', 'analyst'), intakeOnReportItems, system],
    submit: [role('system_admin', 'analyst', 'intake_officer'), system],
    decide: [role('system_admin', 'analyst')],
    reveal: [role('system_admin', 'analyst')],
    retry: [role('system_admin', 'analyst'), system],
    aggregate: [role('system_admin', 'analyst', 'intake_officer', 'city_leader')],
  },
  { visibleAction: 'read' },
);

/** Takedown requests: the analysts' list of what platforms were asked to remove. */
export const takedownPolicy = definePolicy<unknown, 'read' | 'update'>('detect_takedown', {
  read: [role('system_admin', 'analyst')],
  update: [role('system_admin', 'analyst')],
});
