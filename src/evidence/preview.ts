import sharp from 'sharp';
import { EVIDENCE_LIMITS } from './prepare.js';

/** What staff see by default: small and heavily blurred. */
export async function blurredPreview(plain: Buffer): Promise<Buffer> {
  return sharp(plain, { limitInputPixels: EVIDENCE_LIMITS.pixels }).resize(360, 360, { fit: 'inside' }).blur(24).jpeg({ quality: 60 }).toBuffer();
}
