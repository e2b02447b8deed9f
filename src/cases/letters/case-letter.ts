import type { Static } from '@sinclair/typebox';
import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { writeOfficialDocument } from '../../documents/write-document.js';
import { reportUrlsForCase } from '../../intake/handovers/report-urls-for-cases.js';
import { displayNames } from '../../org/users/names.js';
import { AppError, notFound } from '../../shared/errors.js';
import { foldVietnamese } from '../../shared/text.js';
import { casePolicy } from '../case.policy.js';
import { caseRecord } from '../record-step.js';
import type { CaseState } from '../reduce.js';
import { VIOLATION_TYPES } from '../vocab.js';
import type { LetterParams, LetterQuery } from './api-schemas.js';
import type { LetterIssuer } from './letter-input.js';
import { referralLetter } from './referral-letter.js';
import { takedownLetter } from './takedown-letter.js';
import './messages.js';

const CITY_COMMITTEE = 'Ủy ban nhân dân thành phố Hà Nội';

const required = <T>(value: T | undefined, field: string): T => {
  if (value === undefined) throw new AppError(400, 'case_letter_field_required', { field });
  return value;
};

/** "Phòng Văn hóa - Xã hội" → "PVHXH": the initials offices use in a document's symbol. */
const initials = (name: string) =>
  foldVietnamese(name)
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
    .slice(0, 12);

/**
 * A case's takedown request or referral letter as .docx: issued by the unit or agency holding the
 * case, signed by the worker drawing it up (unless another signer is named), listing the links of
 * the case's reports. Only holders who may work the case draw letters up; each one is audited.
 * The letter names the case by its code, never the child.
 */
export async function caseLetter(ctx: Ctx, params: Static<typeof LetterParams>, q: Static<typeof LetterQuery>): Promise<{ filename: string; docx: Buffer }> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('cases').selectAll().where('id', '=', params.id).executeTakeFirst();
    if (!row) throw notFound();
    const record = await caseRecord(trx, row);
    casePolicy.authorize(ctx.actor, 'read', record);
    casePolicy.authorize(ctx.actor, 'work', record);
    const violationType = row.violation_type as keyof typeof VIOLATION_TYPES | null;
    if (!violationType || !(violationType in VIOLATION_TYPES)) throw new AppError(409, 'case_letter_no_violation');

    const state = JSON.parse(row.state) as CaseState;
    const urls = await reportUrlsForCase(trx, ctx.sealer, state.reports);
    const unit = row.unit_id ? await trx.selectFrom('units').select(['name', 'full_name']).where('id', '=', row.unit_id).executeTakeFirst() : undefined;
    const agency = row.agency_id ? await trx.selectFrom('agencies').select(['name']).where('id', '=', row.agency_id).executeTakeFirst() : undefined;
    const agencyName = agency
      ? agency.name
      : `Ủy ban nhân dân ${(unit?.full_name ?? unit?.name ?? '').replace(/^\p{Lu}/u, (c) => c.toLocaleLowerCase('vi'))}`.trim();
    const me = ctx.actor.id ? ((await displayNames(trx, [ctx.actor.id])).get(ctx.actor.id) ?? '') : '';
    const issuer: LetterIssuer = {
      parent: agency || unit ? CITY_COMMITTEE : undefined,
      agency: agencyName,
      abbreviation: initials(agency?.name ?? unit?.name ?? 'UBND'),
      place: 'Hà Nội',
      signer: { post: q.signerPost ?? 'Cán bộ phụ trách vụ việc', name: q.signerName ?? me },
    };
    const facts = { issuer, at: ctx.clock(), caseCode: row.code, violationType, urls };
    const replyTo = required(q.replyTo, 'replyTo');
    const doc =
      params.kind === 'takedown'
        ? takedownLetter({
            ...facts,
            urls:
              urls.length > 0
                ? urls
                : (() => {
                    throw new AppError(409, 'case_letter_no_urls');
                  })(),
            platform: required(q.platform, 'platform'),
            deadlineHours: q.deadlineHours ?? 24,
            replyTo,
          })
        : referralLetter({
            ...facts,
            target: required(q.target, 'target') as Parameters<typeof referralLetter>[0]['target'],
            recipient: required(q.recipient, 'recipient'),
            summary: required(q.summary, 'summary'),
            contact: replyTo,
          });
    await audit(ctx, trx, 'case.letter_generated', { type: 'case', id: row.id }, { kind: params.kind, target: q.target ?? null, urls: urls.length });
    const docx = await writeOfficialDocument(doc);
    return { filename: `${row.code}-${params.kind === 'takedown' ? 'de-nghi-go-bo' : 'chuyen-xu-ly'}.docx`, docx };
  });
}
