import type { Ctx } from '../../context.js';
import type { Lang } from '../../shared/i18n.js';
import { listConflicts } from './conflicts.js';

/**
 * `lachan filter conflicts`: the overlaps between schools' ranges the city has to resolve (data
 * from before the ownership rule, or written around it). Exit code 1 while any remain, so a
 * monitoring job can watch it. Resolve with DELETE /api/v1/filter/networks/:id or
 * DELETE /api/v1/filter/assigned-ranges/:id (the console's network page).
 */
export async function printConflicts(ctx: Ctx, lang: Lang, out: (s: string) => void): Promise<number> {
  const conflicts = await listConflicts(ctx);
  const what = (k: 'network' | 'assigned') => (k === 'network' ? (lang === 'en' ? 'network' : 'dải mạng') : lang === 'en' ? 'assigned range' : 'dải được giao');
  for (const c of conflicts) {
    out(
      `${c.outer.cidr} (${what(c.outer.kind)}, ${c.outer.schoolCode}, id ${c.outer.id}) ⊇ ${c.inner.cidr} (${what(c.inner.kind)}, ${c.inner.schoolCode}, id ${c.inner.id})\n`,
    );
  }
  out(
    conflicts.length === 0
      ? lang === 'en'
        ? 'No overlaps between schools.\n'
        : 'Không có dải mạng nào trùng giữa các trường.\n'
      : lang === 'en'
        ? `${conflicts.length} overlap(s) between schools: the longest prefix wins, so the inner range's clients get the other school's policy. Delete one side.\n`
        : `${conflicts.length} chỗ trùng giữa các trường: tiền tố dài nhất thắng, nên máy trong dải bên trong nhận chính sách của trường kia. Hãy xóa một bên.\n`,
  );
  return conflicts.length === 0 ? 0 : 1;
}
