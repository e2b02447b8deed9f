import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Select } from 'antd';
import { useMemo } from 'react';
import { api, errorMessage } from '../../api.js';
import { useLoad } from '../../hooks.js';
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
export function DeleteRecord({ path, onDone }: { path: string; onDone: () => void }) {
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
    <Popconfirm title={m.common.confirmDelete} onConfirm={() => void remove()}>
      <Button size="small" danger icon={<DeleteOutlined />} aria-label={m.common.delete} />
    </Popconfirm>
  );
}
