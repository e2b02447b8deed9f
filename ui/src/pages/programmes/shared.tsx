import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, type DatePickerProps, Popconfirm, Select } from 'antd';
import { useMemo } from 'react';
import { api, errorMessage } from '../../api.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useProgrammesT } from './i18n.js';
import type { Topic } from './types.js';

/** The topic catalogue (active topics for forms; every topic for names). */
export function useTopics() {
  return useLoad(() => api.get<Topic[]>('/programmes/topics'), []);
}

/** A stored day (YYYY-MM-DD) as people in Việt Nam write it, dd/mm/yyyy (English keeps the same). */
export function formatDay(iso: string | null | undefined): string {
  const d = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return d ? `${d[3]}/${d[2]}/${d[1]}` : (iso ?? '—');
}

/** A day as people in Việt Nam write it (dd/mm/yyyy), with that as its placeholder. */
export function DayPicker(props: DatePickerProps) {
  const m = useProgrammesT();
  return <DatePicker format="DD/MM/YYYY" placeholder={m.common.dayPlaceholder} style={{ width: '100%' }} {...props} />;
}

/** Numbers in the console's language: 1.200 and 1,5 in Vietnamese, 1,200 and 1.5 in English. */
export function useNumber(): (n: number | null | undefined, digits?: number) => string {
  const { lang } = useLang();
  return useMemo(() => {
    const cache = new Map<number, Intl.NumberFormat>();
    return (n, digits = 0) => {
      if (n === null || n === undefined) return '—';
      let f = cache.get(digits);
      if (!f) {
        f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 2) });
        cache.set(digits, f);
      }
      return f.format(n);
    };
  }, [lang]);
}

/** Named periods around today: this and last school year, each with its two semesters. */
export function usePeriodOptions(): { value: string; label: string }[] {
  const m = useProgrammesT();
  return useMemo(() => {
    const now = new Date();
    const y = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
    return [y, y - 1].flatMap((year) => [
      { value: `${year}-${year + 1}-hk2`, label: m.common.semester2(year) },
      { value: `${year}-${year + 1}-hk1`, label: m.common.semester1(year) },
      { value: `${year}-${year + 1}`, label: m.common.schoolYear(year) },
    ]);
  }, [m]);
}

/** A named school period; cleared, the page's default (`placeholder` says which). */
export function PeriodSelect(props: { value: string | undefined; onChange: (v: string | undefined) => void; placeholder: string }) {
  const { value, onChange } = props;
  const m = useProgrammesT();
  const options = usePeriodOptions();
  return (
    <Select
      allowClear
      aria-label={m.common.period}
      placeholder={props.placeholder}
      style={{ minWidth: 200, maxWidth: '100%' }}
      options={options}
      value={value}
      onChange={onChange}
    />
  );
}

/** A delete button with a confirmation, for one record of these lists. */
export function DeleteRecord({ path, onDone, confirm }: { path: string; onDone: () => void; confirm?: string | undefined }) {
  const m = useProgrammesT();
  const { message } = App.useApp();
  const remove = async () => {
    try {
      await api.del(path);
      void message.success(m.common.deleted);
      onDone();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Popconfirm title={confirm ?? m.common.confirmDelete} onConfirm={() => void remove()}>
      <Button size="small" danger icon={<DeleteOutlined />} aria-label={m.common.delete} />
    </Popconfirm>
  );
}
