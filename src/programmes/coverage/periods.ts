import { AppError } from '../../shared/errors.js';
import { dayForPeople, isIsoDate } from '../dates.js';
import type { Period } from '../feed.js';
import type { CoverageSettings } from './settings.js';

/** A named period of the school calendar: `2025-2026` (the school year), `2025-2026-hk1`, `2025-2026-hk2`. */
export interface NamedPeriod extends Period {
  key: string;
  /** what people read: "năm học 2025–2026", "học kỳ I năm học 2025–2026" */
  label: { vi: string; en: string };
}

const KEY = /^(\d{4})-(\d{4})(?:-(hk1|hk2))?$/;

export function periodOf(key: string, s: CoverageSettings): NamedPeriod {
  const m = KEY.exec(key);
  const y = Number(m?.[1]);
  if (!m || Number(m[2]) !== y + 1 || y < 2015 || y > 2100) throw new AppError(400, 'programme_period_invalid', { value: key.slice(0, 20) });
  const start = `${y}-${s.yearStart}`;
  const split = `${y + 1}-${s.semester2Start}`;
  const end = `${y + 1}-${s.yearEnd}`;
  const year = { vi: `năm học ${y}–${y + 1}`, en: `school year ${y}–${y + 1}` };
  if (m[3] === 'hk1') return { key, from: start, to: split, label: { vi: `học kỳ I ${year.vi}`, en: `semester 1, ${year.en}` } };
  if (m[3] === 'hk2') return { key, from: split, to: end, label: { vi: `học kỳ II ${year.vi}`, en: `semester 2, ${year.en}` } };
  return { key, from: start, to: end, label: year };
}

/** The school year a day falls in (the summer belongs to the year that just ended). */
export function schoolYearOf(day: string, s: CoverageSettings): NamedPeriod {
  const y = Number(day.slice(0, 4));
  const key = day.slice(5) >= s.yearStart ? `${y}-${y + 1}` : `${y - 1}-${y}`;
  return periodOf(key, s);
}

/** The semester a day falls in, or the school year when it is in the summer break. */
export function currentPeriodOf(day: string, s: CoverageSettings): NamedPeriod {
  const year = schoolYearOf(day, s);
  for (const half of ['hk1', 'hk2']) {
    const p = periodOf(`${year.key}-${half}`, s);
    if (day >= p.from && day < p.to) return p;
  }
  return year;
}

/** A custom period `[from, to)` given as two dates. */
export function customPeriod(from: string, to: string): NamedPeriod {
  if (!isIsoDate(from) || !isIsoDate(to) || from >= to)
    throw new AppError(400, 'programme_period_invalid', { value: `${from.slice(0, 10)} – ${to.slice(0, 10)}` });
  const label = `${dayForPeople(from)} – ${dayForPeople(to)}`;
  return { key: `${from}_${to}`, from, to, label: { vi: label, en: label } };
}
