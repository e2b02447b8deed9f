import { AGE_BANDS, CATEGORIES, PLATFORM_LABELS, PLATFORMS, REPORTER_KINDS, WHEN } from '../intake/vocab.js';
import type { Lang } from '../shared/i18n.js';
import { tx } from './text.js';

/** Server-rendered pages, no JavaScript. Every value from outside goes through esc(). */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Unit {
  id: string;
  name: string;
  kind: string;
}

export type FormValues = Record<string, string[]>;

const v1 = (v: FormValues, k: string) => v[k]?.[0] ?? '';
const has = (v: FormValues, k: string, val: string) => (v[k] ?? []).includes(val);

export function layout(lang: Lang, title: string, body: string, path = '/'): string {
  const other = lang === 'vi' ? 'en' : 'vi';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} — ${esc(tx(lang, 'brand'))}</title><link rel="stylesheet" href="/p/lachan.css"><meta name="robots" content="noindex"></head>
<body><a class="skip" href="#main">${esc(tx(lang, 'skip'))}</a>
<div class="sos" role="region" aria-label="SOS"><p>${esc(tx(lang, 'sos1'))} <a href="tel:113"><strong>${esc(tx(lang, 'police'))}</strong></a></p><p>${esc(tx(lang, 'sos2'))} <a href="tel:111"><strong>111</strong></a></p></div>
<header class="top"><a class="brand" href="/">${esc(tx(lang, 'brand'))}</a><nav><a href="/trang-thai">${esc(tx(lang, 'statusLink'))}</a> · <a href="${esc(path)}?lang=${other}" lang="${other}" hreflang="${other}">${esc(tx(lang, 'otherLang'))}</a></nav></header>
<main id="main">${body}</main>
<footer><p>${esc(tx(lang, 'privacy'))}</p></footer>
</body></html>`;
}

function radios(name: string, options: Record<string, { vi: string; en: string }>, lang: Lang, v: FormValues, required = false): string {
  return Object.entries(options)
    .map(
      ([code, l]) =>
        `<label class="opt"><input type="radio" name="${name}" value="${esc(code)}"${has(v, name, code) ? ' checked' : ''}${required ? ' required' : ''}> <span>${esc(l[lang])}</span></label>`,
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
}

export function reportForm(p: FormPage): string {
  const { lang } = p;
  const v = p.values ?? {};
  const cats = Object.entries(CATEGORIES)
    .map(
      ([code, l]) =>
        `<label class="opt"><input type="checkbox" name="cat" value="${code}"${has(v, 'cat', code) ? ' checked' : ''}> <span>${esc(l[lang])}</span></label>`,
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
  const body = `<h1>${esc(tx(lang, 'title'))}</h1>
${p.error ? `<div class="err" role="alert" id="form-error"><h2>${esc(tx(lang, 'errorTitle'))}</h2><p>${esc(p.error)}</p></div>` : ''}
<p>${esc(tx(lang, 'intro'))}</p>
<form method="post" action="/bao-cao?lang=${lang}" enctype="multipart/form-data"${p.error ? ' aria-describedby="form-error"' : ''}>
<input type="hidden" name="_t" value="${esc(p.token)}"><input type="hidden" name="_t2" value="${esc(p.tokenNoCookie)}"><input type="hidden" name="form_id" value="${esc(p.formId)}"><input type="hidden" name="lang" value="${lang}">
<fieldset><legend>${esc(tx(lang, 'step1'))} ${esc(tx(lang, 'required'))}</legend>${radios('reporter', REPORTER_KINDS, lang, v, true)}</fieldset>
<fieldset><legend>${esc(tx(lang, 'step2'))} ${esc(tx(lang, 'required'))}</legend><p class="hint" id="cat-hint">${esc(tx(lang, 'step2hint'))}</p>${cats}
<label class="opt danger"><input type="checkbox" name="danger" value="1"${has(v, 'danger', '1') ? ' checked' : ''}> <span><strong>${esc(tx(lang, 'danger'))}</strong></span></label>
<label for="description">${esc(tx(lang, 'describe'))}</label><p class="hint" id="d-hint">${esc(tx(lang, 'describeHint'))}</p><textarea id="description" name="description" maxlength="5000" aria-describedby="d-hint">${esc(v1(v, 'description'))}</textarea></fieldset>
<fieldset><legend>${esc(tx(lang, 'step3'))}</legend>
<label for="platform">${esc(tx(lang, 'platform'))}</label><select id="platform" name="platform"><option value="">${esc(tx(lang, 'choose'))}</option>${platforms}</select>
<label for="urls">${esc(tx(lang, 'urls'))}</label><p class="hint" id="u-hint">${esc(tx(lang, 'urlsHint'))}</p><textarea id="urls" name="urls" rows="3" aria-describedby="u-hint" inputmode="url">${esc(v1(v, 'urls'))}</textarea>
<label for="accounts">${esc(tx(lang, 'accounts'))}</label><textarea id="accounts" name="accounts" rows="2">${esc(v1(v, 'accounts'))}</textarea></fieldset>
<fieldset><legend>${esc(tx(lang, 'step4'))}</legend><label for="when">${esc(tx(lang, 'step4'))}</label><select id="when" name="when">${when}</select>
<label for="date">${esc(tx(lang, 'date'))}</label><input type="date" id="date" name="date" value="${esc(v1(v, 'date'))}"></fieldset>
<fieldset><legend>${esc(tx(lang, 'step5'))}</legend><label for="age">${esc(tx(lang, 'age'))}</label><select id="age" name="age">${ages}</select>
<label for="unit">${esc(tx(lang, 'unit'))}</label><select id="unit" name="unit"><option value="">${esc(tx(lang, 'unitUnknown'))}</option><optgroup label="${esc(tx(lang, 'wards'))}">${unitOpts('ward')}</optgroup><optgroup label="${esc(tx(lang, 'communes'))}">${unitOpts('commune')}</optgroup></select></fieldset>
<fieldset><legend>${esc(tx(lang, 'step6'))}</legend><p class="hint">${esc(tx(lang, 'step6hint'))}</p>
<label for="cname">${esc(tx(lang, 'name'))}</label><input type="text" id="cname" name="contact_name" maxlength="200" autocomplete="name" value="${esc(v1(v, 'contact_name'))}">
<label for="cphone">${esc(tx(lang, 'phone'))}</label><input type="tel" id="cphone" name="contact_phone" maxlength="40" autocomplete="tel" value="${esc(v1(v, 'contact_phone'))}">
<label for="cemail">${esc(tx(lang, 'email'))}</label><input type="email" id="cemail" name="contact_email" maxlength="254" autocomplete="email" value="${esc(v1(v, 'contact_email'))}">
<label class="opt"><input type="checkbox" name="consent" value="1"${has(v, 'consent', '1') ? ' checked' : ''}> <span>${esc(tx(lang, 'consent'))}</span></label></fieldset>
<fieldset><legend>${esc(tx(lang, 'step7'))}</legend><p class="hint" id="f-hint">${esc(tx(lang, 'filesHint'))}</p><label for="files">${esc(tx(lang, 'files'))}</label><input type="file" id="files" name="files" multiple accept="image/jpeg,image/png,image/webp,image/gif,application/pdf" aria-describedby="f-hint"></fieldset>
<button type="submit">${esc(tx(lang, 'submit'))}</button>
</form>`;
  return layout(lang, tx(lang, 'title'), body);
}

export function sentPage(lang: Lang, code: string, pin: string | null): string {
  const body = `<h1>${esc(tx(lang, 'sentTitle'))}</h1><div class="ok" role="status"><p>${esc(tx(lang, 'sentThanks'))}</p></div>
<p>${esc(tx(lang, 'code'))}:</p><p class="code">${esc(code)}</p>
${pin ? `<p>${esc(tx(lang, 'pin'))}:</p><p class="code">${esc(pin)}</p><p><strong>${esc(tx(lang, 'keep'))}</strong></p>` : `<p>${esc(tx(lang, 'again'))}</p>`}
<p><a class="btn" href="/trang-thai">${esc(tx(lang, 'statusLink'))}</a></p><p><a href="/">${esc(tx(lang, 'newReport'))}</a></p>`;
  return layout(lang, tx(lang, 'sentTitle'), body, '/bao-cao');
}

export function statusForm(
  lang: Lang,
  token: string,
  tokenNoCookie: string,
  values: { code?: string } = {},
  error?: string,
  result?: { stage: string; received: string; updated: string },
): string {
  const body = `<h1>${esc(tx(lang, 'statusTitle'))}</h1>
${error ? `<div class="err" role="alert"><p>${esc(error)}</p></div>` : ''}
${result ? `<div class="ok" role="status"><p><strong>${esc(tx(lang, 'stage'))}:</strong> ${esc(result.stage)}</p><p>${esc(tx(lang, 'received'))}: ${esc(result.received)} · ${esc(tx(lang, 'updated'))}: ${esc(result.updated)}</p></div>` : ''}
<p>${esc(tx(lang, 'statusHint'))}</p>
<form method="post" action="/trang-thai?lang=${lang}"><input type="hidden" name="_t" value="${esc(token)}"><input type="hidden" name="_t2" value="${esc(tokenNoCookie)}">
<label for="code">${esc(tx(lang, 'code'))}</label><input type="text" id="code" name="code" required maxlength="20" autocomplete="off" autocapitalize="characters" value="${esc(values.code ?? '')}">
<label for="pin">${esc(tx(lang, 'pin'))}</label><input type="text" id="pin" name="pin" required maxlength="6" inputmode="numeric" pattern="[0-9]{6}" autocomplete="off">
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
