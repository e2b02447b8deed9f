import type { Actor } from '../../access/actor.js';
import { categoryLabel } from '../blockpage.js';
import { liveViewPolicy } from '../reviews/review.policy.js';
import { runningFilterServices } from '../service.js';

/** The staff band's recent blocked look-ups at one school (in-process engine only; see StaffBlocks). */
export function listStaffBlocks(actor: Actor, schoolId: string) {
  liveViewPolicy.authorize(actor, 'read', { school_id: schoolId });
  const s = [...runningFilterServices][0];
  const windowSeconds = 300;
  if (!s) return { running: false, windowSeconds, band: 'staff' as const, entries: [] };
  const entries = s.engine.staffBlocks.list(schoolId, Date.now()).map((e) => ({
    at: new Date(e.at).toISOString(),
    name: e.name,
    qtype: e.qtype,
    category: e.category,
    categoryNameVi: categoryLabel(e.category, 'vi'),
    categoryNameEn: categoryLabel(e.category, 'en'),
    mandatory: e.mandatory,
  }));
  return { running: true, windowSeconds, band: 'staff' as const, entries };
}
