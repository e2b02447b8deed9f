import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { cleanText } from '../shared/text.js';
import { indicatorReportPolicy } from './indicator.policy.js';
import { DEFAULT_ISSUER, type ReportIssuer } from './report-docx.js';

const ID = 'city';

/** The longest each field may be: a line of the document's header or signature block. */
const MAX: Record<keyof ReportIssuer, number> = {
  agencyParent: 200,
  agencyName: 200,
  symbol: 40,
  signerAuthority: 100,
  signerPost: 100,
  signerName: 100,
};
/** A signer who heads the agency signs in their own name: no "KT." line. */
const MAY_BE_EMPTY: ReadonlySet<keyof ReportIssuer> = new Set(['signerAuthority']);

/** Who issues and signs the city's reports: what was saved, else the draft defaults. */
export async function readIssuer(db: Tx): Promise<ReportIssuer & { updatedAt: string | null }> {
  const r = await db.selectFrom('indicator_report_issuer').selectAll().where('id', '=', ID).executeTakeFirst();
  if (!r) return { ...DEFAULT_ISSUER, updatedAt: null };
  return {
    agencyParent: r.agency_parent,
    agencyName: r.agency_name,
    symbol: r.symbol,
    signerAuthority: r.signer_authority,
    signerPost: r.signer_post,
    signerName: r.signer_name,
    updatedAt: r.updated_at,
  };
}

/**
 * Saves the issuing agency and the signer printed on every report generated from now on (reports
 * already generated keep what they were signed with). Each field is one line of the document:
 * control characters and line breaks are refused, not silently dropped. Audited in the same
 * transaction.
 */
export async function saveIssuer(ctx: Ctx, input: ReportIssuer): Promise<ReportIssuer & { updatedAt: string }> {
  indicatorReportPolicy.authorize(ctx.actor, 'sign');
  const clean = {} as ReportIssuer;
  for (const k of Object.keys(MAX) as Array<keyof ReportIssuer>) {
    const raw = input[k];
    // control characters and line breaks: a field is one line of the document
    if (typeof raw !== 'string' || /[\u0000-\u001f\u007f]/.test(raw)) throw new AppError(400, 'validation_failed', { detail: k });
    const v = cleanText(raw).replace(/\s+/g, ' ');
    if (v.length > MAX[k] || (v === '' && !MAY_BE_EMPTY.has(k))) throw new AppError(400, 'validation_failed', { detail: k });
    clean[k] = v;
  }
  const now = ctx.clock().toISOString();
  const row = {
    agency_parent: clean.agencyParent,
    agency_name: clean.agencyName,
    symbol: clean.symbol,
    signer_authority: clean.signerAuthority,
    signer_post: clean.signerPost,
    signer_name: clean.signerName,
    updated_by: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    updated_at: now,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('indicator_report_issuer')
      .values({ id: ID, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await audit(ctx, trx, 'indicator_report_issuer.updated', { type: 'indicator_report_issuer', id: ID }, { ...clean });
  });
  return { ...clean, updatedAt: now };
}
