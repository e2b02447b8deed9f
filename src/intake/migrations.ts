import type { Kysely } from 'kysely';
import { timestamps } from '../db/columns.js';
import type { FeatureMigration } from '../db/migrate.js';
import { newId } from '../shared/ids.js';
import { intakeHandoverMigrations } from './handovers/migrations.js';
import { intakeStatusMigrations } from './status-migrations.js';

/** Default triage rules: a starting point the console edits (rules are data, not code). */
export const DEFAULT_PRIORITY_RULES = [
  { name: 'Trẻ đang gặp nguy hiểm', name_en: 'Child in danger now', categories: [], imminent_only: 1, priority: 'p1' },
  {
    name: 'Xâm hại tình dục, tống tiền tình dục, tự hại',
    name_en: 'Sexual abuse material, sextortion, self-harm',
    categories: ['sexual_abuse_material', 'sextortion', 'self_harm'],
    imminent_only: 0,
    priority: 'p1',
  },
  { name: 'Dụ dỗ trẻ em', name_en: 'Grooming', categories: ['grooming'], imminent_only: 0, priority: 'p2' },
  {
    name: 'Bắt nạt, lộ thông tin, lừa đảo',
    name_en: 'Bullying, privacy, scams',
    categories: ['cyberbullying', 'privacy', 'scam'],
    imminent_only: 0,
    priority: 'p3',
  },
  { name: 'Còn lại', name_en: 'Everything else', categories: [], imminent_only: 0, priority: 'p4' },
] as const;

export const DEFAULT_ROUTING_RULES = [
  { name: 'Xâm hại, tống tiền, dụ dỗ, lừa đảo → Công an TP', categories: ['sexual_abuse_material', 'sextortion', 'grooming', 'scam'], agency_code: 'CATP' },
  { name: 'Tự hại, bắt nạt, lộ thông tin → Sở Y tế (bảo vệ trẻ em)', categories: ['self_harm', 'cyberbullying', 'privacy'], agency_code: 'SYT' },
  { name: 'Nội dung độc hại, tin giả → Sở Văn hóa và Thể thao', categories: ['harmful_content', 'false_info'], agency_code: 'SVHTT' },
  { name: 'Còn lại → Trung tâm tiếp nhận', categories: [], agency_code: 'TTXL' },
] as const;

/** Minutes to acknowledge and to first action, per priority. */
export const DEFAULT_SLA = [
  { priority: 'p1', ack_minutes: 15, action_minutes: 60 },
  { priority: 'p2', ack_minutes: 60, action_minutes: 8 * 60 },
  { priority: 'p3', ack_minutes: 8 * 60, action_minutes: 3 * 24 * 60 },
  { priority: 'p4', ack_minutes: 24 * 60, action_minutes: 7 * 24 * 60 },
] as const;

export const intakeMigrations: Record<string, FeatureMigration> = {
  '0200_intake_reports': {
    async up(db) {
      await timestamps(
        db.schema
          .createTable('intake_reports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
          .addColumn('pin_hash', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('partner_token_id', 'text')
          .addColumn('idem_scope', 'text')
          .addColumn('idem_key', 'text')
          .addColumn('idem_hash', 'text')
          .addColumn('reporter_kind', 'text', (c) => c.notNull())
          .addColumn('categories', 'text', (c) => c.notNull())
          .addColumn('imminent_danger', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('platform', 'text')
          .addColumn('when_code', 'text', (c) => c.notNull())
          .addColumn('incident_date', 'text')
          .addColumn('age_band', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('sealed_detail', 'text', (c) => c.notNull())
          .addColumn('sealed_contact', 'text')
          .addColumn('contact_consent', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('has_email', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('lang', 'text', (c) => c.notNull().defaultTo('vi'))
          .addColumn('priority', 'text', (c) => c.notNull())
          .addColumn('priority_rule_id', 'text')
          .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
          .addColumn('routed_unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('routing_rule_id', 'text')
          .addColumn('ack_due_at', 'text', (c) => c.notNull())
          .addColumn('action_due_at', 'text', (c) => c.notNull())
          .addColumn('acknowledged_at', 'text')
          .addColumn('first_action_at', 'text')
          .addColumn('overdue_notified', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('spam_score', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('spam_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('merged_into', 'text')
          .addColumn('reject_reason', 'text')
          .addColumn('needs_victim_support', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('needs_violation_handling', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('handover_unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('handover_agency_id', 'text', (c) => c.references('agencies.id'))
          .addColumn('url_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('file_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('ip_key', 'text'),
      ).execute();
      // One report per idempotency key and caller: concurrent retries collide here, exactly one wins.
      await db.schema.createIndex('intake_reports_idem_uq').unique().on('intake_reports').columns(['idem_scope', 'idem_key']).execute();
      await db.schema.createIndex('intake_reports_queue_idx').on('intake_reports').columns(['status', 'priority', 'created_at']).execute();
      await db.schema.createIndex('intake_reports_agency_idx').on('intake_reports').columns(['agency_id', 'created_at']).execute();
      await db.schema.createIndex('intake_reports_handover_unit_idx').on('intake_reports').column('handover_unit_id').execute();
      await db.schema.createIndex('intake_reports_handover_agency_idx').on('intake_reports').column('handover_agency_id').execute();
      await db.schema.createIndex('intake_reports_created_idx').on('intake_reports').column('created_at').execute();

      await db.schema
        .createTable('intake_report_keys')
        .addColumn('report_id', 'text', (c) => c.notNull().references('intake_reports.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intake_report_keys_lookup_idx').on('intake_report_keys').columns(['key_hash', 'kind']).execute();
      await db.schema.createIndex('intake_report_keys_report_idx').on('intake_report_keys').column('report_id').execute();

      await db.schema
        .createTable('intake_links')
        .addColumn('report_id', 'text', (c) => c.notNull().references('intake_reports.id'))
        .addColumn('other_id', 'text', (c) => c.notNull().references('intake_reports.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('intake_links_pk', ['report_id', 'other_id', 'reason'])
        .execute();
      await db.schema.createIndex('intake_links_other_idx').on('intake_links').column('other_id').execute();

      await db.schema
        .createTable('intake_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull().references('intake_reports.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('mime', 'text')
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('sha256', 'text')
        .addColumn('original_sha256', 'text')
        .addColumn('md5', 'text')
        .addColumn('pdq', 'text')
        .addColumn('sealed_name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intake_evidence_report_idx').on('intake_evidence').column('report_id').execute();
      await db.schema.createIndex('intake_evidence_sha_idx').on('intake_evidence').column('sha256').execute();

      await db.schema
        .createTable('intake_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull().references('intake_reports.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('intake_events_report_idx').on('intake_events').columns(['report_id', 'at']).execute();

      await db.schema
        .createTable('intake_handovers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull().references('intake_reports.id'))
        .addColumn('victim_support', 'integer', (c) => c.notNull())
        .addColumn('violation_handling', 'integer', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
        .addColumn('sealed_note', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('intake_handovers_report_idx').on('intake_handovers').column('report_id').execute();

      await db.schema
        .createTable('intake_detection_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull().references('intake_reports.id'))
        .addColumn('sealed_urls', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0201_intake_rules': {
    async up(db) {
      await timestamps(
        db.schema
          .createTable('intake_priority_rules')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_en', 'text', (c) => c.notNull())
          .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('imminent_only', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('age_bands', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('priority', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
      ).execute();
      await timestamps(
        db.schema
          .createTable('intake_routing_rules')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('agency_code', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
      ).execute();
      await db.schema
        .createTable('intake_sla')
        .addColumn('priority', 'text', (c) => c.primaryKey())
        .addColumn('ack_minutes', 'integer', (c) => c.notNull())
        .addColumn('action_minutes', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await seedDefaults(db);
    },
  },
  '0202_intake_notifications': {
    async up(db) {
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('audience_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('report_id', 'text')
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notifications_audience_idx').on('notifications').columns(['audience', 'audience_id', 'created_at']).execute();
      await db.schema
        .createTable('notification_reads')
        .addColumn('notification_id', 'text', (c) => c.notNull().references('notifications.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('read_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('notification_reads_pk', ['notification_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('mail_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sealed_to', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claimed_until', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('report_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('mail_outbox_due_idx').on('mail_outbox').columns(['sent_at', 'next_attempt_at']).execute();
    },
  },
  // issue 10: status-page PIN lock per tracking code (0210–0219)
  ...intakeStatusMigrations,
  ...intakeHandoverMigrations,
};

async function seedDefaults(db: Kysely<unknown>): Promise<void> {
  const now = new Date().toISOString();
  const k = db as Kysely<Record<string, Record<string, unknown>>>;
  await k
    .insertInto('intake_priority_rules')
    .values(
      DEFAULT_PRIORITY_RULES.map((r, i) => ({
        id: newId(),
        position: (i + 1) * 10,
        name: r.name,
        name_en: r.name_en,
        categories: JSON.stringify(r.categories),
        imminent_only: r.imminent_only,
        age_bands: '[]',
        priority: r.priority,
        active: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await k
    .insertInto('intake_routing_rules')
    .values(
      DEFAULT_ROUTING_RULES.map((r, i) => ({
        id: newId(),
        position: (i + 1) * 10,
        name: r.name,
        categories: JSON.stringify(r.categories),
        unit_id: null,
        agency_code: r.agency_code,
        active: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await k
    .insertInto('intake_sla')
    .values(DEFAULT_SLA.map((s) => ({ ...s, updated_at: now })))
    .execute();
}
