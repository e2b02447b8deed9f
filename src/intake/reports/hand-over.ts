import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
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
    const params = { code: row.tracking_code, needs: needs.join(', ') };
    const items: Parameters<typeof notify>[2] = [];
    if (input.unitId) items.push({ audience: 'unit', audienceId: input.unitId, kind: 'handover', reportId: id, code: 'notif_handover', params });
    if (input.agencyId) items.push({ audience: 'agency', audienceId: input.agencyId, kind: 'handover', reportId: id, code: 'notif_handover', params });
    await notify(trx, now, items);
    const to = await unitAddresses(trx, { unitId: input.unitId ?? null, agencyId: input.agencyId ?? null });
    const needVi = needs.map((x) => (x === 'victim_support' ? 'hỗ trợ nạn nhân' : 'xử lý vi phạm')).join(' và ');
    const needEn = needs.map((x) => x.replace('_', ' ')).join(' and ');
    await queueMail(
      trx,
      ctx.sealer,
      now,
      to.map((addr) => ({
        to: addr,
        subject: `[Lá Chắn] Bàn giao báo cáo ${row.tracking_code} (${row.priority.toUpperCase()})`,
        body: `Báo cáo ${row.tracking_code} (mức ${row.priority.toUpperCase()}) được bàn giao cho đơn vị của bạn để ${needVi}. Hạn xử lý đầu tiên: ${row.action_due_at}. Xem chi tiết trong giao diện quản trị Lá Chắn.\n\nReport ${row.tracking_code} (${row.priority.toUpperCase()}) was handed over to your unit for ${needEn}. First action due: ${row.action_due_at}. Open it in the Lá Chắn console.`,
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
