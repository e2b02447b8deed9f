import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { term, terms } from '../glossary.js';
import { notify, queueMail, unitAddresses } from '../notify.js';
import { actNow, load, type Report, record, requireStatus } from './record.js';

export interface HandoverInput {
  victimSupport: boolean;
  violationHandling: boolean;
  unitId?: string | null | undefined;
  agencyId?: string | null | undefined;
  note?: string | undefined;
}

/** Hands the report over for case work: what is needed (victim support, violation handling) and who takes it. */
export async function handOverReport(ctx: Ctx, id: string, input: HandoverInput): Promise<Report> {
  if (!input.victimSupport && !input.violationHandling) throw new AppError(400, 'intake_handover_needs_need');
  if (!input.unitId && !input.agencyId) throw new AppError(400, 'intake_handover_needs_target');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await load(trx, ctx, id);
    requireStatus(row, ['new', 'accepted', 'handed_over']);
    if (input.unitId) {
      const unit = await trx.selectFrom('units').select('kind').where('id', '=', input.unitId).executeTakeFirst();
      if (!unit || unit.kind === 'city') throw new AppError(400, 'intake_bad_unit', { unit: input.unitId });
    }
    if (input.agencyId && !(await trx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst())) {
      throw new AppError(400, 'validation_failed', { detail: 'agencyId' });
    }
    const now = ctx.clock().toISOString();
    const handoverId = newId();
    await trx
      .insertInto('intake_handovers')
      .values({
        id: handoverId,
        report_id: id,
        victim_support: input.victimSupport ? 1 : 0,
        violation_handling: input.violationHandling ? 1 : 0,
        unit_id: input.unitId ?? null,
        agency_id: input.agencyId ?? null,
        sealed_note: input.note ? ctx.sealer.seal(cleanText(input.note).slice(0, 4000)) : null,
        status: 'open',
        created_by: ctx.actor.id,
        created_at: now,
      })
      .execute();
    const needs = [input.victimSupport ? 'victim_support' : null, input.violationHandling ? 'violation_handling' : null].filter(Boolean) as string[];
    // codes, worded from the glossary when the notification is read (present.ts)
    const params = { code: row.tracking_code, needs };
    const items: Parameters<typeof notify>[2] = [];
    if (input.unitId) items.push({ audience: 'unit', audienceId: input.unitId, kind: 'handover', reportId: id, code: 'notif_handover', params });
    if (input.agencyId) items.push({ audience: 'agency', audienceId: input.agencyId, kind: 'handover', reportId: id, code: 'notif_handover', params });
    await notify(trx, now, items);
    const to = await unitAddresses(trx, { unitId: input.unitId ?? null, agencyId: input.agencyId ?? null });
    const words = (lang: Lang) => ({
      needs: terms(lang, 'needs', needs),
      priority: term(lang, 'priorities', row.priority),
      due: formatInstant(lang, row.action_due_at),
    });
    const vi = words('vi');
    const en = words('en');
    await queueMail(
      trx,
      ctx.sealer,
      now,
      to.map((addr) => ({
        to: addr,
        subject: `[Lá Chắn] Bàn giao phản ánh ${row.tracking_code} (${vi.priority})`,
        body: `Phản ánh ${row.tracking_code} (mức ${vi.priority}) được bàn giao cho đơn vị của bạn để ${vi.needs}. Hạn xử lý đầu tiên: ${vi.due}. Xem chi tiết trong giao diện quản trị Lá Chắn.\n\nReport ${row.tracking_code} (${en.priority}) was handed over to your unit for ${en.needs}. First action due: ${en.due}. Open it in the Lá Chắn console.`,
        reportId: id,
      })),
    );
    return record(
      trx,
      ctx,
      row,
      'handed_over',
      { handoverId, needs, unitId: input.unitId ?? null, agencyId: input.agencyId ?? null, mails: to.length },
      {
        status: 'handed_over',
        needs_victim_support: row.needs_victim_support || (input.victimSupport ? 1 : 0),
        needs_violation_handling: row.needs_violation_handling || (input.violationHandling ? 1 : 0),
        handover_unit_id: input.unitId ?? row.handover_unit_id,
        handover_agency_id: input.agencyId ?? row.handover_agency_id,
        ...actNow(row, now),
      },
    );
  });
}

/** A deadline as people in Hà Nội read it: "17:00 05/12/2026" (Vietnam time), "05/12/2026, 17:00" in English. */
function formatInstant(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
