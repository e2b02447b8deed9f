/**
 * The period the city's figures show when nobody has chosen one: this year so far, from 1 January
 * to the end of the current month, as a half-open range of days [from, to). It is the indicators'
 * default (the leader's three targets, "Từ đầu năm"), so the coverage page opened without a choice
 * counts the same sessions as the coverage target beside it. One function, no imports at run time,
 * so the console may call it too.
 *
 * `today` is the day in Hà Nội, YYYY-MM-DD.
 */
export function defaultPeriod(today: string): { key: string; from: string; to: string; label: { vi: string; en: string } } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)); // 1–12
  const from = `${y}-01-01`;
  const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const month = `${String(m).padStart(2, '0')}/${y}`;
  return {
    key: `${from}_${to}`,
    from,
    to,
    label: { vi: `từ đầu năm ${y} đến hết tháng ${month}`, en: `${y} to date (to the end of ${month})` },
  };
}
