import { type Lang, t } from '../shared/i18n.js';
import './safety-messages.js';
import type { ImportRejected } from './lists/import-list.js';

/** A rejected list line for the API: the reason in the caller's language; guarded lines name the guard and why. */
export function presentRejected(lang: Lang, x: ImportRejected): { line: number; text: string; reason: string; guard?: string } {
  if (x.reason === 'guarded' && x.guard)
    return {
      line: x.line,
      text: x.text,
      reason: t(lang, 'filter.reject.guarded', { guard: x.guard, reason: (lang === 'en' ? x.guardReasonEn : x.guardReasonVi) ?? '' }),
      guard: x.guard,
    };
  return { line: x.line, text: x.text, reason: t(lang, `filter.reject.${x.reason}`) };
}
