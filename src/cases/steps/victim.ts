import type { Static } from '@sinclair/typebox';
import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n.js';
import { newId } from '../../shared/ids.js';
import type { AssessmentBody, CloseBody, FollowUpBody, PlanBody, RegistrationBody, ReopenBody, ServiceBody, ServiceUpdateBody } from '../api-schemas.js';
import { manyOf, oneOf, optionalPastDate, pastDate, reason, text } from '../input.js';
import { recordStep } from '../record-step.js';
import { AGE_BANDS, CLOSURE_REASONS, CONCERNS, GENDERS, NEEDS, RISK_LEVELS, SERVICE_KINDS, SERVICE_STATUSES } from '../vocab.js';
import { knownSchool, knownUnit } from './references.js';

/**
 * The victim-support track's steps, one function each: registration, risk assessment, plan,
 * services, follow-up, closure, reopening. Each validates its input (400 naming the field),
 * then records its event through recordStep (which checks the version and the workflow).
 */
type In<T extends import('@sinclair/typebox').TSchema> = Static<T>;

export function registerVictim(ctx: Ctx, caseId: string, body: In<typeof RegistrationBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'victim_registered',
    async build(trx, _row, _s, now) {
      const unitId = body.unitId ? await knownUnit(trx, body.unitId, 'unitId') : null;
      const schoolId = body.schoolId ? await knownSchool(trx, body.schoolId, 'schoolId') : null;
      const guardians = (body.guardians ?? []).map((g, i) => ({
        name: text(g.name, `guardians/${i}/name`, 200),
        relation: text(g.relation, `guardians/${i}/relation`, 100),
        phone: text(g.phone, `guardians/${i}/phone`, 40),
      }));
      return [
        {
          event: {
            type: 'victim_registered',
            at: pastDate(body.at, now, 'at'),
            data: { ageBand: oneOf(body.ageBand, AGE_BANDS, 'ageBand'), gender: oneOf(body.gender, GENDERS, 'gender'), unitId, schoolId },
          },
          sealed: { name: text(body.name, 'name', 200), guardians, safeContact: text(body.safeContact, 'safeContact', 500) },
        },
      ];
    },
  });
}

export function assessRisk(ctx: Ctx, caseId: string, body: In<typeof AssessmentBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'risk_assessed',
    build: (_trx, _row, _s, now) => [
      {
        event: {
          type: 'risk_assessed',
          at: pastDate(body.at, now, 'at'),
          data: { level: oneOf(body.level, RISK_LEVELS, 'level'), concerns: manyOf(body.concerns, CONCERNS, 'concerns') },
        },
        sealed: { note: text(body.note, 'note') },
      },
    ],
  });
}

export function setPlan(ctx: Ctx, caseId: string, body: In<typeof PlanBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'plan_set',
    build: (_trx, _row, _s, now) => {
      const goals = body.goals.map((g, i) => text(g, `goals/${i}`, 1000)).filter((g): g is string => g !== null);
      if (goals.length === 0 || goals.length > 20) throw new AppError(400, 'validation_failed', { detail: 'goals' });
      return [
        {
          event: { type: 'plan_set', at: pastDate(body.at, now, 'at'), data: { needs: manyOf(body.needs, NEEDS, 'needs'), goalCount: goals.length } },
          sealed: { goals },
        },
      ];
    },
  });
}

export function addService(ctx: Ctx, caseId: string, body: In<typeof ServiceBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'service_added',
    build: (_trx, _row, _s, now) => {
      const provider = text(body.provider, 'provider', 200);
      if (!provider) throw new AppError(400, 'validation_failed', { detail: 'provider' });
      return [
        {
          event: {
            type: 'service_added',
            at: now.toISOString(),
            data: {
              serviceId: newId(),
              kind: oneOf(body.kind, SERVICE_KINDS, 'kind'),
              provider,
              status: oneOf(body.status, SERVICE_STATUSES, 'status'),
              startedAt: optionalPastDate(body.startedAt, now, 'startedAt'),
              endedAt: optionalPastDate(body.endedAt, now, 'endedAt'),
            },
          },
          sealed: { note: text(body.note, 'note') },
        },
      ];
    },
  });
}

export function updateService(ctx: Ctx, caseId: string, serviceId: string, body: In<typeof ServiceUpdateBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'service_updated',
    build: (_trx, _row, _s, now) => [
      {
        event: {
          type: 'service_updated',
          at: now.toISOString(),
          data: {
            serviceId,
            status: oneOf(body.status, SERVICE_STATUSES, 'status'),
            startedAt: optionalPastDate(body.startedAt, now, 'startedAt'),
            endedAt: optionalPastDate(body.endedAt, now, 'endedAt'),
          },
        },
        sealed: { note: text(body.note, 'note') },
      },
    ],
  });
}

export function recordFollowUp(ctx: Ctx, caseId: string, body: In<typeof FollowUpBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'follow_up_recorded',
    build: (_trx, _row, _s, now) => {
      const note = text(body.note, 'note');
      if (!note) throw new AppError(400, 'validation_failed', { detail: 'note' });
      return [{ event: { type: 'follow_up_recorded', at: pastDate(body.at, now, 'at'), data: {} }, sealed: { note } }];
    },
  });
}

export function closeVictimTrack(ctx: Ctx, caseId: string, body: In<typeof CloseBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'victim_closed',
    build: (_trx, _row, _s, now) => {
      const why = oneOf(body.reason, CLOSURE_REASONS, 'reason');
      const note = text(body.note, 'note');
      if (why === 'other' && (!note || note.length < 10)) throw new AppError(400, 'case_note_required', { field: 'note' });
      return [{ event: { type: 'victim_closed', at: pastDate(body.at, now, 'at'), data: { reason: why } }, sealed: { note } }];
    },
  });
}

export function reopenVictimTrack(ctx: Ctx, caseId: string, body: In<typeof ReopenBody>, lang: Lang) {
  return recordStep(ctx, caseId, body.version, lang, {
    name: 'victim_reopened',
    build: (_trx, _row, _s, now) => [{ event: { type: 'victim_reopened', at: now.toISOString(), data: {} }, sealed: { reason: reason(body.reason) } }],
  });
}
