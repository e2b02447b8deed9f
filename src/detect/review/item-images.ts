import type { Ctx } from '../../context.js';
import { evidenceExists, previewEvidence, revealEvidence, revealReason } from '../../evidence/view.js';
import { notFound } from '../../shared/errors.js';
import { loadItem } from './load-item.js';
import './messages.js';
import { reviewItemPolicy } from './review.policy.js';

/**
 * The images of a reviewed page, through the evidence module: blurred by default, clear with a
 * reason; both audited. An image the fetcher could not use, or whose file is gone, is "not found".
 */

/** `n` arrives as text: a malformed position is "not found" after the access check, like any unknown image. */
const position = (n: string) => (/^\d{1,3}$/.test(n) ? Number(n) : -1);

async function imageOf(ctx: Ctx, id: string, n: string) {
  const item = await loadItem(ctx, id);
  const img = await ctx.db.kysely
    .selectFrom('detect_item_images')
    .selectAll()
    .where('item_id', '=', item.id)
    .where('position', '=', position(n))
    .executeTakeFirst();
  if (!img?.sha256 || img.error || !(await evidenceExists(ctx, img.sha256))) throw notFound();
  return { item, img: img as typeof img & { sha256: string } };
}

/** The image blurred (image/jpeg); a file the decoder cannot read is "not found". */
export async function previewItemImage(ctx: Ctx, id: string, n: string): Promise<Buffer> {
  const { item, img } = await imageOf(ctx, id, n);
  return previewEvidence(ctx, {
    sha256: img.sha256,
    action: 'detect_item.image_previewed',
    subjectType: 'detect_item',
    subjectId: item.id,
    detail: { n: img.position, sha256: img.sha256 },
    unreadable: notFound,
  });
}

/** The clear image, for analysts (reason required, audited with it). */
export async function revealItemImage(ctx: Ctx, id: string, n: string, rawReason: string): Promise<{ bytes: Buffer; mime: string | null; filename: string }> {
  reviewItemPolicy.authorize(ctx.actor, 'reveal');
  const reason = revealReason(rawReason, 'detect_review_reason_required');
  const { item, img } = await imageOf(ctx, id, n);
  reviewItemPolicy.authorize(ctx.actor, 'reveal', item);
  const bytes = await revealEvidence(
    ctx,
    {
      sha256: img.sha256,
      action: 'detect_item.image_revealed',
      subjectType: 'detect_item',
      subjectId: item.id,
      detail: { n: img.position, sha256: img.sha256 },
    },
    reason,
  );
  return { bytes, mime: img.mime, filename: `detect-${item.id}-${img.position}.${(img.mime ?? 'image/jpeg').split('/')[1]}` };
}
