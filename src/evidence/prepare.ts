import { createHash } from 'node:crypto';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { AppError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { Sealer } from '../shared/secrets.js';
import { cleanText } from '../shared/text.js';
import { decodeGate } from './documents/gate.js';
import { type PdfOutcome, rewritePdf } from './documents/pdf.js';
import './messages.js';
import { pdqHash } from './pdq.js';

/**
 * Evidence files. The type is decided by the bytes, never by the name or the declared type;
 * images are decoded and re-encoded (which drops EXIF/GPS and anything hidden after the image),
 * then stored encrypted (AES-256-GCM) under their SHA-256 in <data dir>/evidence. Staff see a
 * blurred preview; the clear image needs a deliberate, audited action (view.ts). PDFs are parsed
 * and rewritten without active content and metadata (documents/pdf.ts).
 *
 * Decoding costs CPU, and a 300 KB PNG can unpack to 240 MB: the cost of each file is read from its
 * header before anything is decoded (see evidenceCost), and every decode waits its turn at one
 * gate per process (documents/gate.ts).
 */
export const EVIDENCE_LIMITS = {
  fileBytes: 8 * 1024 * 1024,
  files: 5,
  pixels: 40_000_000,
  /** Decode cost of one file, in megapixels × bytes per sample (a 16-bit image counts twice). */
  costPerFile: 40,
  /** Decode cost of all files of one report together (five 24 MP phone photos fit). */
  costPerRequest: 160,
} as const;

export type Sniffed = 'jpeg' | 'png' | 'webp' | 'gif' | 'pdf' | null;

export function sniff(b: Buffer): Sniffed {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return 'gif';
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  return null;
}

/** Signatures of active content or archives that have no business inside an image or a PDF. */
const FOREIGN = ['<script', '<html', '<svg', '<?php', '<!doctype', '<iframe', 'javascript:', 'rar!\u001a\u0007', '7z\u00bc\u00af\u0027\u001c'];

/** Bytes after the image's own end (where polyglots hide a ZIP, HTML or a second file). */
function trailingBytes(type: Exclude<Sniffed, 'pdf' | null>, b: Buffer): number | null {
  switch (type) {
    case 'jpeg': {
      const eoi = b.lastIndexOf(Buffer.from([0xff, 0xd9]));
      return eoi < 0 ? null : b.length - (eoi + 2);
    }
    case 'png': {
      const iend = b.lastIndexOf(Buffer.from('IEND', 'latin1'));
      return iend < 0 ? null : b.length - (iend + 8);
    }
    case 'gif':
      return b[b.length - 1] === 0x3b ? 0 : null;
    case 'webp': {
      const declared = b.readUInt32LE(4) + 8;
      return declared > b.length ? null : b.length - declared;
    }
  }
}

export interface IncomingFile {
  filename: string;
  bytes: Buffer;
}

export interface PreparedEvidence {
  id: string;
  kind: 'image' | 'pdf';
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  originalSha256: string;
  md5: string;
  sealedName: string;
  /** PDQ of the stored image (null for PDFs, or when the image is too small/odd to hash). */
  pdq: string | null;
  /** What is stored (re-encoded image or rewritten PDF), in clear, until put() encrypts it. */
  stored: Buffer;
  /** PDFs: what the rewrite left behind (e.g. OpenAction, Annots, AA, Info, Metadata). */
  removed?: string[];
}

const bytesPerSample = (depth: string | undefined) =>
  depth === 'ushort' || depth === 'short' ? 2 : depth === 'float' || depth === 'uint' || depth === 'int' ? 4 : depth === 'double' ? 8 : 1;

/**
 * What decoding a file will cost, read from its header only (nothing is decoded): megapixels ×
 * bytes per sample for images, plus one unit per 400 KB of compressed data (a noisy 12 MP JPEG
 * of 5 MB costs twice the CPU of a flat 36 MP PNG: entropy decoding counts too); for a PDF one
 * unit per 200 KB. An image over the per-file pixel cost is refused here (413), before any
 * decoder sees its pixels.
 */
export async function evidenceCost(file: IncomingFile): Promise<number> {
  const type = sniff(file.bytes);
  if (type === 'pdf') return Math.max(1, Math.ceil(file.bytes.length / 200_000));
  if (!type) return 0;
  let meta: Metadata;
  try {
    meta = await sharp(file.bytes, { limitInputPixels: false }).metadata();
  } catch {
    return 1; // an unreadable header: prepareEvidence refuses it with the precise reason
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  const pixelCost = (pixels * bytesPerSample(meta.depth)) / 1e6;
  if (pixels > EVIDENCE_LIMITS.pixels || pixelCost > EVIDENCE_LIMITS.costPerFile)
    throw new AppError(413, 'image_too_large', { name: cleanText(file.filename) });
  return pixelCost + file.bytes.length / 400_000;
}

/** The decode cost of one report's files together (413 over the per-report limit), before any is decoded. */
export async function requestDecodeCost(files: IncomingFile[]): Promise<number> {
  let cost = 0;
  for (const f of files) cost += await evidenceCost(f);
  if (cost > EVIDENCE_LIMITS.costPerRequest) throw new AppError(413, 'intake_files_too_costly');
  return cost;
}

function pdfRefused(outcome: Extract<PdfOutcome, { ok: false }>, name: string): AppError {
  switch (outcome.reason) {
    case 'encrypted':
      return new AppError(422, 'pdf_encrypted', { name });
    case 'active_content':
      return new AppError(415, 'pdf_active_content', { name });
    case 'too_many_pages':
      return new AppError(413, 'pdf_too_many_pages', { name, limit: 300 });
    case 'too_complex':
      return new AppError(422, 'pdf_too_complex', { name });
    case 'unavailable':
      return new AppError(503, 'pdf_unavailable', { name });
    default:
      return new AppError(422, 'file_damaged', { name });
  }
}

/** A name as the sender gave it, refused when it tries to be a path. */
export function checkFilename(name: string): string {
  const clean = cleanText(name);
  if (!clean || clean.length > 200 || /[/\\\0]|^\.+$|\.\./.test(name) || clean !== name.trim()) {
    throw new AppError(400, 'validation_failed', { detail: 'filename' });
  }
  return clean;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function prepareEvidence(sealer: Sealer, file: IncomingFile): Promise<PreparedEvidence> {
  const name = checkFilename(file.filename);
  const b = file.bytes;
  if (b.length > EVIDENCE_LIMITS.fileBytes) throw new AppError(413, 'file_too_large', { limit: EVIDENCE_LIMITS.fileBytes });
  if (b.length === 0) throw new AppError(400, 'file_damaged', { name });
  const type = sniff(b);
  if (!type) throw new AppError(415, 'file_type_not_allowed', { name });
  const text = b.toString('latin1').toLowerCase();
  // A ZIP's end-of-central-directory record near the end marks an image/ZIP polyglot.
  const zipTail = b.subarray(Math.max(0, b.length - 65_557)).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const foreign = zipTail || FOREIGN.some((sig) => text.includes(sig)) || (type !== 'pdf' && text.includes('%pdf-'));
  if (foreign) throw new AppError(415, 'file_polyglot', { name });
  const base = { id: newId(), size: b.length, originalSha256: sha256(b), md5: createHash('md5').update(b).digest('hex'), sealedName: sealer.seal(name) };

  if (type === 'pdf') {
    if (!text.slice(-1024).includes('%%eof')) throw new AppError(422, 'file_damaged', { name });
    // Parsed and rewritten, never stored as sent (documents/pdf.ts).
    const outcome = await decodeGate.run(() => rewritePdf(b));
    if (!outcome.ok) throw pdfRefused(outcome, name);
    const stored = Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength);
    return { ...base, kind: 'pdf', mime: 'application/pdf', width: null, height: null, sha256: sha256(stored), pdq: null, stored, removed: outcome.removed };
  }
  // Explicit end markers: a cut-off upload is refused even when the decoder would guess the rest;
  // data after the end is a polyglot (a few bytes of padding are tolerated).
  const trailing = trailingBytes(type, b);
  if (trailing === null) throw new AppError(422, 'file_damaged', { name });
  if (trailing > 16) throw new AppError(415, 'file_polyglot', { name });

  // The cost is known from the header before the decoder runs (a second check for callers that
  // did not measure the whole request first).
  await evidenceCost({ filename: name, bytes: b });
  const decoded = await decodeGate.run(async () => {
    let out: { data: Buffer; info: OutputInfo };
    try {
      const img = sharp(b, { limitInputPixels: EVIDENCE_LIMITS.pixels, failOn: 'error', animated: false, sequentialRead: true }).rotate();
      out = await (type === 'png' || type === 'gif' ? img.png({ compressionLevel: 6 }) : img.jpeg({ quality: 90, mozjpeg: false })).toBuffer({
        resolveWithObject: true,
      });
    } catch (e) {
      const msg = String((e as Error).message);
      if (/pixel limit/i.test(msg)) throw new AppError(413, 'image_too_large', { name });
      throw new AppError(422, 'file_damaged', { name });
    }
    const pdq = await pdqHash(out.data).then(
      (r) => r.hash,
      () => null, // too small or too odd to hash: the image is kept, without a PDQ
    );
    return { out, pdq };
  });
  const { out, pdq } = decoded;
  const mime = out.info.format === 'png' ? 'image/png' : 'image/jpeg';
  return { ...base, kind: 'image', mime, width: out.info.width, height: out.info.height, sha256: sha256(out.data), pdq, stored: out.data };
}
