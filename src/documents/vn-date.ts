/**
 * The place-and-date line of an administrative document (Decree 30/2020, Appendix I, item 5):
 * "Hà Nội, ngày 05 tháng 02 năm 2026" — days below 10 and the months 1 and 2 get a leading zero
 * (so "tháng 3" but "tháng 02"), the year in full.
 */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function placeAndDate(place: string, d: CalendarDate): string {
  const day = String(d.day).padStart(2, '0');
  const month = d.month <= 2 ? String(d.month).padStart(2, '0') : String(d.month);
  return `${place}, ngày ${day} tháng ${month} năm ${d.year}`;
}

const HANOI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Hanoi at that instant (a letter signed at 23:30 UTC is dated the next day). */
export function hanoiDate(at: Date): CalendarDate {
  const [year, month, day] = HANOI.format(at).split('-').map(Number);
  return { year: year as number, month: month as number, day: day as number };
}
