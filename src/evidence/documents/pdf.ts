import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Untrusted PDFs. A PDF is parsed by a real parser (pdf-lib), never pattern-matched: names are
 * read the way a viewer reads them (`/J#61vaScript` is `/JavaScript`), compressed object streams
 * are opened, and what is stored is a NEW document built from the pages only:
 *
 *  - each page keeps what draws it (contents, resources, boxes, rotation) and nothing else —
 *    annotations (links, attachments, widgets), page actions (/AA), thumbnails, piece info and
 *    per-page metadata are left behind;
 *  - the source's catalog is never copied: no /OpenAction, no /Names (document JavaScript,
 *    embedded files), no /AcroForm or XFA, no /Outlines with actions, no XMP /Metadata;
 *  - the trailer gets no /Info: no /Author, /Creator, /Producer, /Title — a reporter's name
 *    often sits there;
 *  - /Metadata, /PieceInfo and action keys reachable from the pages (images and forms carry XMP)
 *    are removed, then objects nothing refers to any more are dropped;
 *  - if an action or file name (JavaScript, Launch, URI, EmbeddedFile, …) is still reachable
 *    after that, the file is refused rather than guessed about.
 *
 * An encrypted PDF cannot be inspected: it is refused with a reason the reporter can act on.
 * The parse runs on a worker thread of its own (pure JavaScript would otherwise hold the event
 * loop the DNS filter shares), with a heap limit, a time limit, and a cap on how much a single
 * compressed stream may inflate to (decompression bombs).
 */
export interface PdfLimits {
  pages: number;
  objects: number;
  decodedBytes: number;
  timeoutMs: number;
  heapMb: number;
}
export const PDF_LIMITS: Readonly<PdfLimits> = {
  pages: 300,
  objects: 200_000,
  /** Total bytes the parser may inflate (object streams) for one file. */
  decodedBytes: 64 * 1024 * 1024,
  timeoutMs: 20_000,
  heapMb: 256,
};

export type PdfRefusal = 'encrypted' | 'damaged' | 'too_many_pages' | 'too_complex' | 'active_content' | 'unavailable';
export type PdfOutcome = { ok: true; bytes: Uint8Array; pages: number; removed: string[] } | { ok: false; reason: PdfRefusal; detail?: string | undefined };

interface Limits {
  pages: number;
  objects: number;
  decodedBytes: number;
}

/**
 * The rewrite itself. It runs inside the worker: its source text is sent there, so it must use
 * nothing but its arguments (the pdf-lib module and pdf-lib's DecodeStream class).
 */
// biome-ignore lint/suspicious/noExplicitAny: pdf-lib is handed over as a plain module object inside the worker
export async function rewritePdfWith(lib: any, DecodeStream: any, input: Uint8Array, limits: Limits): Promise<PdfOutcome> {
  const { PDFDocument, PDFDict, PDFArray, PDFName, PDFRef, PDFStream } = lib;
  // Decompression bombs: every growth of a decode buffer is counted against one budget.
  const proto = DecodeStream.prototype;
  if (!proto.lachanGuarded) {
    const original = proto.ensureBuffer;
    // `requested` is how far this stream's output reaches; the sum over all streams is what was inflated.
    proto.ensureBuffer = function guarded(this: { lachanReach?: number }, requested: number) {
      const grow = requested - (this.lachanReach ?? 0);
      if (grow > 0) {
        this.lachanReach = requested;
        proto.lachanDecoded = (proto.lachanDecoded || 0) + grow;
        if (proto.lachanDecoded > proto.lachanLimit) throw new Error('lachan:too_complex');
      }
      return original.call(this, requested);
    };
    proto.lachanGuarded = true;
  }
  proto.lachanDecoded = 0;
  proto.lachanLimit = limits.decodedBytes;

  const fail = (reason: PdfRefusal, detail?: string): PdfOutcome => ({ ok: false, reason, detail });
  const message = (e: unknown) => String((e as Error)?.message ?? e).slice(0, 300);
  // The parser wraps errors thrown inside an object stream: the budget itself tells whether it tripped.
  const inflatedTooMuch = (e: unknown) => /lachan:too_complex/.test(message(e)) || proto.lachanDecoded > proto.lachanLimit;

  // biome-ignore lint/suspicious/noExplicitAny: see above
  let src: any;
  try {
    src = await PDFDocument.load(input, { ignoreEncryption: false, throwOnInvalidObject: true, updateMetadata: false, capNumbers: true, parseSpeed: Infinity });
  } catch (e) {
    if ((e as Error)?.name === 'EncryptedPDFError' || /encrypted/i.test(message(e))) return fail('encrypted');
    if (inflatedTooMuch(e)) return fail('too_complex', 'inflates too much');
    return fail('damaged', message(e));
  }
  if (src.context.largestObjectNumber > limits.objects) return fail('too_complex', `${src.context.largestObjectNumber} objects`);

  const removed = new Set<string>();
  // What a viewer reads a name as: one level of #xx escapes, either case.
  // biome-ignore lint/suspicious/noExplicitAny: pdf-lib objects
  const nameOf = (n: any): string => n.decodeText();
  let pages: number;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  let out: any;
  try {
    pages = src.getPageCount();
    if (pages === 0) return fail('damaged', 'no pages');
    if (pages > limits.pages) return fail('too_many_pages', String(pages));
    const KEEP_ON_PAGE = new Set([
      'Type',
      'Parent',
      'Resources',
      'Contents',
      'MediaBox',
      'CropBox',
      'BleedBox',
      'TrimBox',
      'ArtBox',
      'Rotate',
      'UserUnit',
      'Group',
    ]);
    for (const page of src.getPages()) {
      for (const key of page.node.keys()) {
        const k = nameOf(key);
        if (!KEEP_ON_PAGE.has(k)) {
          removed.add(k);
          page.node.delete(key);
        }
      }
    }
    // The source catalog and trailer are never copied: say what they carried, for the record.
    for (const key of src.catalog.keys()) {
      const k = nameOf(key);
      if (k !== 'Type' && k !== 'Pages') removed.add(k);
    }
    if (src.context.trailerInfo.Info) removed.add('Info');
    out = await PDFDocument.create({ updateMetadata: false });
    const copied = await out.copyPages(src, src.getPageIndices());
    for (const p of copied) out.addPage(p);
  } catch (e) {
    if (inflatedTooMuch(e)) return fail('too_complex', 'inflates too much');
    return fail('damaged', message(e));
  }

  const ctx = out.context;
  ctx.trailerInfo.Info = undefined;
  ctx.trailerInfo.ID = undefined;
  // Keys that carry actions, attachments, forms or metadata wherever they appear below the pages.
  const STRIP = new Set([
    'Metadata',
    'PieceInfo',
    'AA',
    'A',
    'OpenAction',
    'Annots',
    'AcroForm',
    'Names',
    'JavaScript',
    'JS',
    'EmbeddedFiles',
    'XFA',
    'Threads',
    'LastModified',
  ]);
  // Names that, still reachable after stripping, mean active content or a carried file.
  const ACTIVE = new Set([
    'JavaScript',
    'JS',
    'Launch',
    'URI',
    'SubmitForm',
    'ImportData',
    'GoToR',
    'GoToE',
    'Rendition',
    'RichMedia',
    'RichMediaExecute',
    'Movie',
    'Sound',
    'EmbeddedFile',
    'EmbeddedFiles',
    'Filespec',
    'FileAttachment',
    'XFA',
    'AcroForm',
    'OpenAction',
    'AA',
    'Widget',
    'Link',
  ]);

  // Pass 1: strip, from the root down; a stripped subtree is not visited.
  // biome-ignore lint/suspicious/noExplicitAny: pdf-lib objects
  const visit = (root: any, onDict: (d: any) => void, onName: (n: any) => void): Set<string> => {
    const seen = new Set<string>();
    // biome-ignore lint/suspicious/noExplicitAny: pdf-lib objects
    const stack: any[] = [root];
    while (stack.length > 0) {
      let o = stack.pop();
      if (o instanceof PDFRef) {
        const tag = o.toString();
        if (seen.has(tag)) continue;
        seen.add(tag);
        o = ctx.lookup(o);
      }
      if (!o) continue;
      if (o instanceof PDFName) onName(o);
      else if (o instanceof PDFArray) for (const x of o.asArray()) stack.push(x);
      else if (o instanceof PDFDict || o instanceof PDFStream) {
        const d = o instanceof PDFStream ? o.dict : o;
        onDict(d);
        for (const [k, v] of d.entries()) {
          onName(k);
          stack.push(v);
        }
      }
    }
    return seen;
  };
  const root = ctx.trailerInfo.Root;
  visit(
    root,
    // biome-ignore lint/suspicious/noExplicitAny: pdf-lib objects
    (d: any) => {
      for (const key of d.keys()) {
        const k = nameOf(key);
        if (STRIP.has(k)) {
          removed.add(k);
          d.delete(key);
        }
      }
    },
    () => {},
  );
  // Pass 2: what is still reachable must not name an action or a file.
  const hits = new Set<string>();
  const reachable = visit(
    root,
    () => {},
    // biome-ignore lint/suspicious/noExplicitAny: pdf-lib objects
    (n: any) => {
      const v = nameOf(n);
      if (ACTIVE.has(v)) hits.add(v);
    },
  );
  if (hits.size > 0) return fail('active_content', [...hits].join(','));
  // Objects copied along but no longer referenced (e.g. an image's XMP stream) are not written.
  for (const [ref] of ctx.enumerateIndirectObjects()) if (!reachable.has(ref.toString())) ctx.delete(ref);

  let bytes: Uint8Array;
  try {
    bytes = await out.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
    // The result must itself load, with the same number of pages.
    const check = await PDFDocument.load(bytes, { updateMetadata: false });
    if (check.getPageCount() !== pages) return fail('damaged', 'rewrite lost pages');
  } catch (e) {
    return fail('damaged', message(e));
  }
  return { ok: true, bytes, pages, removed: [...removed].sort() };
}

const require = createRequire(import.meta.url);
let paths: { lib: string; decodeStream: string } | null | undefined;
function libraryPaths(): { lib: string; decodeStream: string } | null {
  if (paths !== undefined) return paths;
  try {
    paths = { lib: require.resolve('pdf-lib'), decodeStream: require.resolve('pdf-lib/cjs/core/streams/DecodeStream.js') };
  } catch {
    paths = null;
  }
  return paths;
}

// \`__name\`: what esbuild-based runners (tsx, vitest) wrap named functions in when they keep names.
const WORKER_SOURCE = `
var __name = (f) => f;
const { parentPort, workerData } = require('node:worker_threads');
const lib = require(workerData.lib);
const DecodeStream = require(workerData.decodeStream).default;
const rewrite = (${rewritePdfWith.toString()});
rewrite(lib, DecodeStream, workerData.input, workerData.limits).then(
  (r) => parentPort.postMessage(r, r.ok ? [r.bytes.buffer] : []),
  (e) => parentPort.postMessage({ ok: false, reason: 'damaged', detail: String((e && e.message) || e) }),
);
`;

/**
 * Rewrites one PDF on a fresh worker thread (nothing of one file's parse survives into the next),
 * ending it at the time limit; a worker that runs out of heap ends as "too complex".
 */
export function rewritePdf(input: Buffer, limits: Readonly<PdfLimits> = PDF_LIMITS): Promise<PdfOutcome> {
  const where = libraryPaths();
  if (!where) return Promise.resolve({ ok: false, reason: 'unavailable', detail: 'pdf-lib is not installed' });
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: PdfOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(o);
    };
    const copy = new Uint8Array(input.byteLength);
    copy.set(input);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...where, input: copy, limits: { pages: limits.pages, objects: limits.objects, decodedBytes: limits.decodedBytes } },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    const timer = setTimeout(() => done({ ok: false, reason: 'too_complex', detail: 'time limit' }), limits.timeoutMs);
    worker.on('message', (m: PdfOutcome) => done(m));
    worker.on('error', (e: Error & { code?: string }) =>
      done({ ok: false, reason: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too_complex' : 'damaged', detail: String(e.message).slice(0, 300) }),
    );
    worker.on('exit', () => done({ ok: false, reason: 'damaged', detail: 'worker exited' }));
  });
}
