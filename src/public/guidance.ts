import type { Lang } from '../shared/i18n.js';
import { ADVICE, ADVICE_TOPICS, SAFE_RULES, say } from './advice.js';
import { esc, layout } from './render.js';
import { tx } from './text.js';

/**
 * The published guidance (issue 14 item 2): how to stay safe, how to recognise grooming and
 * sextortion, where to get help — one page for children, one for parents, from the same advice
 * texts the confirmation page shows after a report (advice.ts). Server-rendered, no script
 * needed, no tracking, a few kilobytes.
 */
export const GUIDANCE_PATHS = { child: '/huong-dan/tre-em', parent: '/huong-dan/cha-me' } as const;
export type Audience = keyof typeof GUIDANCE_PATHS;

export function guidancePage(lang: Lang, who: Audience): string {
  const list = (items: ReadonlyArray<{ vi: string; en: string }>) => `<ul>${items.map((i) => `<li>${esc(say(lang, i))}</li>`).join('')}</ul>`;
  const title = tx(lang, who === 'child' ? 'guideChild' : 'guideParent');
  const topics = ADVICE_TOPICS.map(
    (tpc) =>
      `<section class="advice"><h2>${esc(say(lang, ADVICE[tpc].title))}</h2><h3>${esc(tx(lang, 'signs'))}</h3>${list(ADVICE[tpc].signs)}<h3>${esc(tx(lang, 'whatToDo'))}</h3>${list(ADVICE[tpc][who])}</section>`,
  ).join('');
  const other = who === 'child' ? 'parent' : 'child';
  const body = `<h1>${esc(title)}</h1><p>${esc(tx(lang, who === 'child' ? 'guideChildIntro' : 'guideParentIntro'))}</p>
<section class="note"><h2>${esc(tx(lang, 'help'))}</h2><ul><li><a class="call" href="tel:111">${esc(tx(lang, 'help111'))}</a></li><li><a class="call" href="tel:113">${esc(tx(lang, 'help113'))}</a></li><li><a href="/">${esc(tx(lang, 'helpForm'))}</a></li></ul></section>
<h2>${esc(tx(lang, 'safeRules'))}</h2>${list(SAFE_RULES[who])}
${topics}
<p><a class="btn" href="/">${esc(tx(lang, 'newReport'))}</a></p>
<p><a href="${GUIDANCE_PATHS[other]}">${esc(tx(lang, other === 'child' ? 'guideChild' : 'guideParent'))}</a></p>`;
  return layout(lang, title, body, GUIDANCE_PATHS[who]);
}
