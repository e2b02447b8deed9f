import { EVIDENCE_LIMITS } from '../evidence/prepare.js';
import { readableBytes } from '../http/errors.js';
import { AGE_BANDS, CATEGORIES, type Category, PLATFORM_LABELS, PLATFORMS, WHEN } from '../intake/vocab.js';
import type { Lang } from '../shared/i18n.js';
import { ADVICE, GENERAL, say, topicsFor } from './advice.js';
import type { FormValues } from './form-input.js';
import { CATEGORY_SHORT, REPORTER_SHORT, tx } from './text.js';

/** Server-rendered pages that need no JavaScript. Every value from outside goes through esc(). */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Unit {
  id: string;
  name: string;
  kind: string;
}

const v1 = (v: FormValues, k: string) => v[k]?.[0] ?? '';
const has = (v: FormValues, k: string, val: string) => (v[k] ?? []).includes(val);

/** Where the quick-exit button leaves to: a neutral page that says nothing about this site. */
export const QUICK_EXIT_URL = 'https://www.google.com/search?q=th%E1%BB%9Di+ti%E1%BA%BFt+H%C3%A0+N%E1%BB%99i';
export const PUBLIC_ASSETS = { css: '/p/lachan.css', exitScript: '/p/thoat.js', icon: '/favicon.svg' } as const;

/**
 * Every public page: the "in danger now → 113 / 111" strip first, then the quick-exit button,
 * which works as a plain link without JavaScript (rel=noreferrer: the neutral site does not learn
 * where the visitor came from) and, with JavaScript, replaces this page in the history
 * (thoat.js: location.replace) so the back button does not return to it.
 */
export function layout(lang: Lang, title: string, body: string, path = '/'): string {
  const other = lang === 'vi' ? 'en' : 'vi';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} — ${esc(tx(lang, 'brand'))}</title><link rel="stylesheet" href="${PUBLIC_ASSETS.css}"><link rel="icon" href="${PUBLIC_ASSETS.icon}" type="image/svg+xml"><meta name="robots" content="noindex"><script src="${PUBLIC_ASSETS.exitScript}" defer></script></head>
<body><a class="skip" href="#main">${esc(tx(lang, 'skip'))}</a>
<div class="sos" role="region" aria-label="${esc(tx(lang, 'sos1'))}"><p>${esc(tx(lang, 'sos1'))}</p><p class="calls"><a class="call" href="tel:113">${esc(tx(lang, 'call113'))}</a><a class="call" href="tel:111" title="${esc(tx(lang, 'call111Title'))}">${esc(tx(lang, 'call111'))}</a></p></div>
<header class="top"><a class="brand" href="/">${esc(tx(lang, 'brand'))}</a><a class="exit" id="quick-exit" href="${QUICK_EXIT_URL}" rel="noreferrer" title="${esc(tx(lang, 'exitHint'))}">${esc(tx(lang, 'exit'))}</a></header>
<main id="main">${body}</main>
<footer><nav><a href="/trang-thai">${esc(tx(lang, 'statusLink'))}</a> · <a href="/huong-dan/tre-em">${esc(tx(lang, 'guideChild'))}</a> · <a href="/huong-dan/cha-me">${esc(tx(lang, 'guideParent'))}</a> · <a href="${esc(path)}?lang=${other}" lang="${other}" hreflang="${other}">${esc(tx(lang, 'otherLang'))}</a></nav><p>${esc(tx(lang, 'exitHint'))}</p><p>${esc(tx(lang, 'privacy'))}</p></footer>
</body></html>`;
}

/** The error of one field: its attributes (aria-invalid, aria-describedby) and its message. */
interface FieldError {
  field: string;
  message: string;
}
const errId = (field: string) => `err-${field}`;
function described(err: FieldError | undefined, field: string, ...hints: string[]): string {
  const ids = [...(err?.field === field ? [errId(field)] : []), ...hints];
  return `${err?.field === field ? ' aria-invalid="true"' : ''}${ids.length ? ` aria-describedby="${ids.join(' ')}"` : ''}`;
}
const errLine = (err: FieldError | undefined, field: string) =>
  err?.field === field ? `<p class="field-err" id="${errId(field)}">${esc(err.message)}</p>` : '';

function radios(name: string, options: Record<string, { vi: string; en: string }>, lang: Lang, v: FormValues, err: FieldError | undefined): string {
  return Object.entries(options)
    .map(
      ([code, l]) =>
        `<label class="opt"><input type="radio" name="${name}" value="${esc(code)}"${has(v, name, code) ? ' checked' : ''} required${described(err, name)}> <span>${esc(l[lang])}</span></label>`,
    )
    .join('');
}

export interface FormPage {
  lang: Lang;
  units: Unit[];
  token: string;
  tokenNoCookie: string;
  formId: string;
  values?: FormValues;
  error?: string;
  /** The field the error is about, if it is about one. */
  errorField?: string | null;
  /** Files were chosen and sent with the refused form: say they were not kept. */
  filesDropped?: boolean;
}

/** The fields of the optional part; the part opens when one of them holds something or is in error. */
const OPTIONAL_FIELDS = ['platform', 'urls', 'accounts', 'when', 'date', 'age', 'unit', 'contact_name', 'contact_phone', 'contact_email', 'consent', 'files'];
const FIELD_ANCHOR: Record<string, string> = { reporter: 'q-reporter', cat: 'q-cat', contact_name: 'cname', contact_phone: 'cphone', contact_email: 'cemail' };

/**
 * The report form. A child's shortest path — who, what, a few words, send — comes first and fits
 * in two phone screens; everything optional is folded into one <details> (works without
 * JavaScript) before the send button. After an error every value comes back, the field in error
 * is marked, and files (which a page cannot refill) are said to be dropped.
 */
export function reportForm(p: FormPage): string {
  const { lang } = p;
  const v = p.values ?? {};
  const err: FieldError | undefined = p.error && p.errorField ? { field: p.errorField, message: p.error } : undefined;
  // the staff's full description of each kind of harm is the checkbox's title; the label is short
  const cats = Object.entries(CATEGORY_SHORT)
    .map(
      ([code, l]) =>
        `<label class="opt" title="${esc(CATEGORIES[code as Category][lang])}"><input type="checkbox" name="cat" value="${code}"${has(v, 'cat', code) ? ' checked' : ''}${described(err, 'cat')}> <span>${esc(l[lang])}</span></label>`,
    )
    .join('');
  const platforms = PLATFORMS.map((c) => `<option value="${c}"${v1(v, 'platform') === c ? ' selected' : ''}>${esc(PLATFORM_LABELS[c][lang])}</option>`).join(
    '',
  );
  const unitOpts = (kind: string) =>
    p.units
      .filter((u) => u.kind === kind)
      .map((u) => `<option value="${esc(u.id)}"${v1(v, 'unit') === u.id ? ' selected' : ''}>${esc(u.name)}</option>`)
      .join('');
  const ages = Object.entries(AGE_BANDS)
    .map(([c, l]) => `<option value="${c}"${(v1(v, 'age') || 'unknown') === c ? ' selected' : ''}>${esc(l[lang])}</option>`)
    .join('');
  const when = Object.entries(WHEN)
    .map(([c, l]) => `<option value="${c}"${(v1(v, 'when') || 'unknown') === c ? ' selected' : ''}>${esc(l[lang])}</option>`)
    .join('');
  // links and account names typed before the two boxes became one still come back, in the one box
  const where = [v1(v, 'urls'), v1(v, 'accounts')].filter(Boolean).join('\n');
  const open = OPTIONAL_FIELDS.some((f) => (f === 'when' || f === 'age' ? !['', 'unknown'].includes(v1(v, f)) : v1(v, f) !== '') || err?.field === f);
  const anchor = err ? (FIELD_ANCHOR[err.field] ?? err.field) : '';
  const filesHint = tx(lang, 'filesHint').replace('{files}', String(EVIDENCE_LIMITS.files)).replace('{size}', readableBytes(EVIDENCE_LIMITS.fileBytes));
  const filesNote = p.filesDropped ? `<p class="field-err" id="files-dropped">${esc(tx(lang, 'filesNotKept'))}</p>` : '';
  const body = `<h1>${esc(tx(lang, 'title'))}</h1>
${p.error ? `<div class="err" role="alert" id="form-error"><h2>${esc(tx(lang, 'errorTitle'))}</h2><p>${err ? `<a href="#${esc(anchor)}">${esc(p.error)}</a>` : esc(p.error)}</p>${p.filesDropped ? `<p>${esc(tx(lang, 'filesNotKept'))}</p>` : ''}</div>` : ''}
<p class="hint">${esc(tx(lang, 'intro'))}</p>
<form method="post" action="/bao-cao?lang=${lang}" enctype="multipart/form-data"${p.error ? ' aria-describedby="form-error"' : ''}>
<input type="hidden" name="_t" value="${esc(p.token)}"><input type="hidden" name="_t2" value="${esc(p.tokenNoCookie)}"><input type="hidden" name="form_id" value="${esc(p.formId)}"><input type="hidden" name="lang" value="${lang}">
<fieldset id="q-reporter"><legend>${esc(tx(lang, 'step1'))} ${esc(tx(lang, 'required'))}</legend>${errLine(err, 'reporter')}<div class="grid">${radios('reporter', REPORTER_SHORT, lang, v, err)}</div></fieldset>
<fieldset id="q-cat"><legend>${esc(tx(lang, 'step2'))} ${esc(tx(lang, 'required'))}</legend>${errLine(err, 'cat')}
<label class="opt danger"><input type="checkbox" name="danger" value="1"${has(v, 'danger', '1') ? ' checked' : ''}> <span><strong>${esc(tx(lang, 'danger'))}</strong></span></label><div class="grid">${cats}</div></fieldset>
<label for="description">${esc(tx(lang, 'describe'))}</label>${errLine(err, 'description')}<p class="hint" id="d-hint">${esc(tx(lang, 'describeHint'))}</p><textarea id="description" name="description" rows="3" maxlength="5000"${described(err, 'description', 'd-hint')}>${esc(v1(v, 'description'))}</textarea>
<details class="more"${open ? ' open' : ''}><summary>${esc(tx(lang, 'more'))}</summary><p class="hint">${esc(tx(lang, 'moreHint'))}</p>
<fieldset><legend>${esc(tx(lang, 'step3'))}</legend>
<label for="platform">${esc(tx(lang, 'platform'))}</label><select id="platform" name="platform"><option value="">${esc(tx(lang, 'choose'))}</option>${platforms}</select>
<label for="urls">${esc(tx(lang, 'urls'))}</label>${errLine(err, 'urls')}<p class="hint" id="u-hint">${esc(tx(lang, 'urlsHint'))}</p><textarea id="urls" name="urls" rows="3"${described(err, 'urls', 'u-hint')}>${esc(where)}</textarea></fieldset>
<fieldset><legend>${esc(tx(lang, 'step4'))}</legend><label for="when">${esc(tx(lang, 'step4'))}</label><select id="when" name="when">${when}</select>
<label for="date">${esc(tx(lang, 'date'))}</label>${errLine(err, 'date')}<p class="hint" id="date-hint">${esc(tx(lang, 'dateHint'))}</p><input type="text" id="date" name="date" maxlength="10" inputmode="numeric" autocomplete="off" placeholder="dd/mm/yyyy" value="${esc(v1(v, 'date'))}"${described(err, 'date', 'date-hint')}></fieldset>
<fieldset><legend>${esc(tx(lang, 'step5'))}</legend><label for="age">${esc(tx(lang, 'age'))}</label><select id="age" name="age">${ages}</select>
<label for="unit">${esc(tx(lang, 'unit'))}</label>${errLine(err, 'unit')}<select id="unit" name="unit"${described(err, 'unit')}><option value="">${esc(tx(lang, 'unitUnknown'))}</option><optgroup label="${esc(tx(lang, 'wards'))}">${unitOpts('ward')}</optgroup><optgroup label="${esc(tx(lang, 'communes'))}">${unitOpts('commune')}</optgroup></select></fieldset>
<fieldset><legend>${esc(tx(lang, 'step6'))}</legend><p class="hint" id="c-hint">${esc(tx(lang, 'step6hint'))}</p>
<label for="cname">${esc(tx(lang, 'name'))}</label><input type="text" id="cname" name="contact_name" maxlength="200" autocomplete="name" value="${esc(v1(v, 'contact_name'))}">
<label for="cphone">${esc(tx(lang, 'phone'))}</label>${errLine(err, 'contact_phone')}<input type="tel" id="cphone" name="contact_phone" maxlength="40" autocomplete="tel" value="${esc(v1(v, 'contact_phone'))}"${described(err, 'contact_phone')}>
<label for="cemail">${esc(tx(lang, 'email'))}</label>${errLine(err, 'contact_email')}<input type="email" id="cemail" name="contact_email" maxlength="254" autocomplete="email" value="${esc(v1(v, 'contact_email'))}"${described(err, 'contact_email')}>
<label class="opt"><input type="checkbox" name="consent" value="1"${has(v, 'consent', '1') ? ' checked' : ''}> <span>${esc(tx(lang, 'consent'))}</span></label></fieldset>
<fieldset><legend>${esc(tx(lang, 'step7'))}</legend>${errLine(err, 'files')}${filesNote}<p class="hint" id="f-hint">${esc(filesHint)}</p><label for="files">${esc(tx(lang, 'files'))}</label><input type="file" id="files" name="files" multiple accept="image/jpeg,image/png,image/webp,image/gif,application/pdf"${described(err, 'files', ...(p.filesDropped ? ['files-dropped'] : []), 'f-hint')}></fieldset>
</details>
<button type="submit" id="send">${esc(tx(lang, 'submit'))}</button>
</form>`;
  return layout(lang, tx(lang, 'title'), body);
}

/** Advice matched to what was reported, for a child and for a parent; general advice when nothing matches. */
export function adviceSection(lang: Lang, categories: readonly string[]): string {
  const list = (items: Array<{ vi: string; en: string }>) => `<ul>${items.map((i) => `<li>${esc(say(lang, i))}</li>`).join('')}</ul>`;
  const topics = topicsFor(categories);
  const blocks = topics.length
    ? topics.map(
        (tpc) =>
          `<section class="advice"><h3>${esc(say(lang, ADVICE[tpc].title))}</h3><h4>${esc(tx(lang, 'forChild'))}</h4>${list(ADVICE[tpc].child)}<h4>${esc(tx(lang, 'forParent'))}</h4>${list(ADVICE[tpc].parent)}</section>`,
      )
    : [
        `<section class="advice"><h4>${esc(tx(lang, 'forChild'))}</h4>${list(GENERAL.child)}<h4>${esc(tx(lang, 'forParent'))}</h4>${list(GENERAL.parent)}</section>`,
      ];
  return `<h2 id="advice">${esc(tx(lang, 'adviceTitle'))}</h2>${blocks.join('')}`;
}

export type SentState = { kind: 'shown'; pin: string; until: string } | { kind: 'again' } | { kind: 'hidden' } | { kind: 'expired' };

/** The confirmation: tracking code (and the PIN while the window lasts), the status link carrying the code, and advice. */
export function sentPage(lang: Lang, code: string | null, state: SentState, categories: readonly string[], hideToken?: string): string {
  const codeBlock = code ? `<p>${esc(tx(lang, 'code'))}:</p><p class="code">${esc(code)}</p>` : '';
  let pinBlock = '';
  if (state.kind === 'shown')
    pinBlock = `<p>${esc(tx(lang, 'pin'))}:</p><p class="code">${esc(state.pin)}</p><p><strong>${esc(tx(lang, 'keep'))}</strong></p><p class="hint">${esc(tx(lang, 'window').replace('{time}', state.until))}</p>
<form method="post" action="/da-gui?lang=${lang}"><input type="hidden" name="_t" value="${esc(hideToken ?? '')}"><button type="submit" class="quiet">${esc(tx(lang, 'hideNow'))}</button></form>`;
  else if (state.kind === 'again') pinBlock = `<p>${esc(tx(lang, 'again'))}</p>`;
  else if (state.kind === 'hidden') pinBlock = `<div class="ok" role="status"><p>${esc(tx(lang, 'hidden'))}</p></div>`;
  else pinBlock = `<div class="err" role="status"><p>${esc(tx(lang, 'expired'))}</p></div>`;
  const statusHref = code ? `/trang-thai?ma=${encodeURIComponent(code)}` : '/trang-thai';
  const thanks = state.kind === 'shown' || state.kind === 'again' ? `<div class="ok" role="status"><p>${esc(tx(lang, 'sentThanks'))}</p></div>` : '';
  const body = `<h1>${esc(tx(lang, 'sentTitle'))}</h1>${thanks}
${codeBlock}${pinBlock}
<p><a class="btn" href="${esc(statusHref)}">${esc(tx(lang, 'statusLink'))}</a></p>
${categories.length || state.kind === 'shown' || state.kind === 'again' ? adviceSection(lang, categories) : ''}
<p><a href="/huong-dan/tre-em">${esc(tx(lang, 'guideChild'))}</a> · <a href="/huong-dan/cha-me">${esc(tx(lang, 'guideParent'))}</a></p>
<p><a href="/">${esc(tx(lang, 'newReport'))}</a></p>`;
  return layout(lang, tx(lang, 'sentTitle'), body, '/da-gui');
}

export interface StatusResult {
  stage: string;
  received: string;
  updated: string;
  /** The report was closed without being passed on: say what the reporter can still do. */
  rejected: boolean;
}

export function statusForm(lang: Lang, token: string, tokenNoCookie: string, values: { code?: string } = {}, error?: string, result?: StatusResult): string {
  const body = `<h1>${esc(tx(lang, 'statusTitle'))}</h1>
${error ? `<div class="err" role="alert" id="status-error"><p>${esc(error)}</p></div>` : ''}
${result ? `<div class="ok" role="status"><p><strong>${esc(tx(lang, 'stage'))}:</strong> ${esc(result.stage)}</p><p>${esc(tx(lang, 'received'))}: ${esc(result.received)} · ${esc(tx(lang, 'updated'))}: ${esc(result.updated)}</p></div>${result.rejected ? `<div class="note"><p>${esc(tx(lang, 'rejectedHelp'))}</p></div>` : ''}` : ''}
<p id="status-hint">${esc(tx(lang, 'statusHint'))}</p>
<form method="post" action="/trang-thai?lang=${lang}"><input type="hidden" name="_t" value="${esc(token)}"><input type="hidden" name="_t2" value="${esc(tokenNoCookie)}">
<label for="code">${esc(tx(lang, 'code'))}</label><input type="text" id="code" name="code" required maxlength="20" autocomplete="off" autocapitalize="characters" value="${esc(values.code ?? '')}"${error ? ' aria-invalid="true" aria-describedby="status-error status-hint"' : ' aria-describedby="status-hint"'}>
<label for="pin">${esc(tx(lang, 'pin'))}</label><input type="text" id="pin" name="pin" required maxlength="6" inputmode="numeric" pattern="[0-9]{6}" autocomplete="off"${error ? ' aria-invalid="true" aria-describedby="status-error"' : ''}>
<p><button type="submit">${esc(tx(lang, 'check'))}</button></p></form>`;
  return layout(lang, tx(lang, 'statusTitle'), body, '/trang-thai');
}

export function messagePage(lang: Lang, title: string, message: string): string {
  return layout(
    lang,
    title,
    `<h1>${esc(title)}</h1><div class="err" role="alert"><p>${esc(message)}</p></div><p><a href="/">${esc(tx(lang, 'newReport'))}</a></p>`,
  );
}
