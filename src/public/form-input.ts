import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { EVIDENCE_LIMITS } from '../evidence/prepare.js';
import { readableBytes } from '../http/errors.js';
import { normaliseUrl } from '../intake/keys.js';
import type { ReportInput } from '../intake/submit.js';
import {
  AGE_BAND_CODES,
  type AgeBand,
  CATEGORY_CODES,
  type Category,
  PLATFORMS,
  type Platform,
  REPORTER_KIND_CODES,
  type ReporterKind,
  WHEN_CODES,
  type When,
} from '../intake/vocab.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import { readIncidentDate } from './dates.js';
import './messages.js';

/** What a form sent: every value of every field, in order. */
export type FormValues = Record<string, string[]>;

export interface ReadForm {
  fields: FormValues;
  files: Array<{ filename: string; bytes: Buffer }>;
  /**
   * What went wrong while reading, if anything. The fields read until then are kept either way,
   * so a refused file (a 20 MB video) never costs the reporter what they typed.
   */
  error: Error | null;
}

export function addValue(out: FormValues, key: string, value: string): void {
  const list = out[key] ?? [];
  list.push(value);
  out[key] = list;
}

/** Reads the form, multipart (with files) or URL-encoded. Never throws for what the client sent: see ReadForm.error. */
export async function readForm(req: FastifyRequest): Promise<ReadForm> {
  if (!req.isMultipart()) {
    const body = req.body as FormValues | undefined;
    if (!body || typeof body !== 'object')
      return { fields: {}, files: [], error: new AppError(415, 'unsupported_media_type', { type: req.headers['content-type'] ?? '-' }) };
    return { fields: body, files: [], error: null };
  }
  const fields: FormValues = {};
  const files: Array<{ filename: string; bytes: Buffer }> = [];
  let error: Error | null = null;
  try {
    // A file over the limit is cut short and reported here, not thrown mid-way, so the fields after
    // it are still read (the plugin takes this option per call; its types list only busboy's).
    const options = {
      throwFileSizeLimit: false,
      limits: { fileSize: EVIDENCE_LIMITS.fileBytes, files: EVIDENCE_LIMITS.files, fields: 60, fieldSize: 24_000, parts: 70 },
    };
    const parts = req.parts(options as Parameters<FastifyRequest['parts']>[0]);
    for await (const part of parts as AsyncIterableIterator<Multipart>) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) {
          error ??= new AppError(413, 'public_file_too_large', { name: part.filename.slice(0, 80), limit: readableBytes(EVIDENCE_LIMITS.fileBytes) });
          continue;
        }
        if (!part.filename && bytes.length === 0) continue; // the file input left empty
        files.push({ filename: part.filename, bytes });
      } else if (part.valueTruncated) error ??= new AppError(413, 'body_too_large', { limit: readableBytes(24_000) });
      else addValue(fields, part.fieldname, String(part.value));
    }
  } catch (e) {
    // The multipart parser throws plain errors for what the client sent wrong (no boundary, a body
    // cut off mid-way, a broken header, too many parts): the client's, not the server's (4xx, not
    // 500), and said in words — never the parser's code.
    const code = (e as { code?: unknown }).code;
    if (e instanceof AppError) error = e;
    else if (code === 'FST_FILES_LIMIT') error = new AppError(413, 'intake_too_many_files', { limit: EVIDENCE_LIMITS.files });
    else if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') error = new AppError(413, 'body_too_large_plain');
    else error = new AppError(400, 'form_body_invalid');
  }
  return { fields, files, error };
}

const pick = <T extends string>(allowed: readonly T[], v: string | undefined, dflt: T): T =>
  v && (allowed as readonly string[]).includes(v) ? (v as T) : dflt;
const lines = (s: string | undefined) =>
  (s ?? '')
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A phone number as people type it: "0912 345 678", "+84 912.345.678", "(024) 3825 1234". */
const PHONE = /^\+?[\d\s.()-]{8,20}$/;

/**
 * The form's "where" box takes links, account names and phone numbers (a Zalo account is a phone
 * number; "nhóm Zalo lớp 7A" is what a child knows of a group): a line that is a link goes to the
 * links, anything else to the accounts — nothing a child types there is refused as "not a link".
 */
export function splitLinksAndAccounts(text: string | undefined): { urls: string[]; accounts: string[] } {
  const urls: string[] = [];
  const accounts: string[] = [];
  for (const line of lines(text)) {
    if (!PHONE.test(line) && !/\s/.test(line) && !line.startsWith('@') && normaliseUrl(line)) urls.push(line);
    else accounts.push(line);
  }
  return { urls, accounts };
}

export function formToInput(v: FormValues, lang: Lang, now: Date): ReportInput {
  const get = (k: string) => v[k]?.[0];
  const reporter = get('reporter');
  if (!reporter || !(REPORTER_KIND_CODES as readonly string[]).includes(reporter)) throw new AppError(400, 'public_no_reporter');
  const cats = (v.cat ?? []).filter((c) => (CATEGORY_CODES as readonly string[]).includes(c)) as Category[];
  const where = splitLinksAndAccounts(get('urls'));
  return {
    reporterKind: reporter as ReporterKind,
    categories: cats,
    imminentDanger: get('danger') === '1',
    description: get('description') ?? '',
    urls: where.urls,
    accounts: [...where.accounts, ...lines(get('accounts'))],
    platform: get('platform') ? pick<Platform>(PLATFORMS, get('platform'), 'other') : null,
    when: pick<When>(WHEN_CODES, get('when'), 'unknown'),
    incidentDate: readIncidentDate(get('date'), now),
    ageBand: pick<AgeBand>(AGE_BAND_CODES, get('age'), 'unknown'),
    unitId: get('unit') || null,
    contact: { name: get('contact_name'), phone: get('contact_phone'), email: get('contact_email') },
    consent: get('consent') === '1',
    lang,
    fileHashes: [],
  };
}

/** Which field an error is about, so the form marks that field (aria-invalid) and opens its section. */
export function fieldOfError(code: string): string | null {
  if (code === 'public_no_reporter') return 'reporter';
  if (code === 'intake_no_category') return 'cat';
  if (code === 'intake_empty') return 'description';
  if (code === 'intake_bad_url') return 'urls';
  if (code === 'intake_bad_unit') return 'unit';
  if (code === 'intake_bad_email') return 'contact_email';
  if (code === 'intake_consent_needs_contact') return 'contact_phone';
  if (code === 'public_bad_date' || code === 'public_future_date') return 'date';
  if (/^(public_file_|file_|image_|pdf_|too_many_files|intake_too_many_files|intake_files_too_costly|intake_decode_budget)/.test(code)) return 'files';
  return null;
}
