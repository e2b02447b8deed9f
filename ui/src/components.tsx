import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, type DescriptionsProps, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ComponentProps, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiError, api, errorMessage } from './api.js';
import { useLoad } from './hooks.js';
import type { Lang, Messages } from './i18n.js';
import { useLang } from './locale.js';
import { loadAgencies, loadSchool, loadUnits } from './lookups.js';
import type { Agency, Page, School, Unit, UnitKind } from './types.js';

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, flexWrap: 'wrap', marginBottom: 16 }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        {children}
      </Typography.Title>
      {extra ? <Space wrap>{extra}</Space> : null}
    </div>
  );
}

/** The list pages' search: labelled, clearable, submits the trimmed text (or nothing); free text unless `label` names what to type. */
export function SearchBox({
  onSearch,
  label,
  maxWidth = 360,
  maxLength,
}: {
  onSearch: (q: string | undefined) => void;
  label?: string;
  maxWidth?: number;
  maxLength?: number;
}) {
  const { t } = useLang();
  return (
    <Input.Search
      aria-label={label ?? t.common.search}
      placeholder={label ?? t.common.searchPlaceholder}
      allowClear
      enterButton
      style={{ maxWidth }}
      maxLength={maxLength}
      onSearch={(q) => onSearch(q.trim() || undefined)}
    />
  );
}

export function LoadError({ error, onRetry }: { error: ApiError | Error | null; onRetry?: () => void }) {
  const { t } = useLang();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error)}
      style={{ marginBottom: 16 }}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t.common.retry}
          </Button>
        ) : undefined
      }
    />
  );
}

export function formatDateTime(v: string | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('DD/MM/YYYY HH:mm') : v;
}

export function unitLabel(u: Unit, t: Messages, lang: Lang): string {
  if (lang === 'en') return u.nameEn ? `${u.nameEn} (${t.unitKinds[u.kind]})` : u.fullName;
  return u.fullName || u.name;
}

export function agencyLabel(a: Agency, lang: Lang): string {
  return lang === 'en' && a.nameEn ? a.nameEn : a.name;
}

export function useUnits() {
  return useLoad(loadUnits, []);
}

export function useAgencies(version = 0) {
  return useLoad(loadAgencies, [version]);
}

/** Unit name for an id, or the id itself while units load / if unknown. */
export function useUnitNames(): (id: string | null | undefined) => string {
  const { t, lang } = useLang();
  const { data } = useUnits();
  const byId = useMemo(() => new Map((data ?? []).map((u) => [u.id, u])), [data]);
  return (id) => {
    if (!id) return '—';
    const u = byId.get(id);
    return u ? unitLabel(u, t, lang) : id;
  };
}

export function useAgencyNames(): (id: string | null | undefined) => string {
  const { lang } = useLang();
  const { data } = useAgencies();
  const byId = useMemo(() => new Map((data ?? []).map((a) => [a.id, a])), [data]);
  return (id) => {
    if (!id) return '—';
    const a = byId.get(id);
    return a ? agencyLabel(a, lang) : id;
  };
}

/** Names of the schools a table shows, fetched one by one and cached for the session. */
export function useSchoolNames(ids: readonly (string | null | undefined)[]): (id: string | null | undefined) => string {
  const [names, setNames] = useState<Record<string, string>>({});
  const wanted = [...new Set(ids.filter((x): x is string => !!x))].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const id of wanted ? wanted.split(',') : []) {
      loadSchool(id).then(
        (s) => live && setNames((n) => (n[id] === s.name ? n : { ...n, [id]: s.name })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [wanted]);
  return (id) => (id ? (names[id] ?? id) : '—');
}

interface SelectProps {
  value?: string | null;
  onChange?: (v: string | null) => void;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/** The forms speak null for "none", antd's Select undefined: every picker below translates alike. */
function nullable(props: SelectProps) {
  return { ...props, value: props.value ?? undefined, onChange: (v: string | undefined) => props.onChange?.(v ?? null) };
}

/** A picker whose options are all in the browser (units, agencies), searched by their label. */
function LocalSelect({ options, loading, ...props }: SelectProps & { options: { value: string; label: string }[]; loading: boolean }) {
  return <Select showSearch={{ optionFilterProp: 'label' }} loading={loading} options={options} {...nullable(props)} />;
}

export function UnitSelect({ kinds, ...props }: SelectProps & { kinds?: readonly UnitKind[] }) {
  const { t, lang } = useLang();
  const { data, loading } = useUnits();
  const options = useMemo(
    () =>
      (data ?? [])
        .filter((u) => !kinds || kinds.includes(u.kind))
        .map((u) => ({ value: u.id, label: unitLabel(u, t, lang) }))
        .sort((a, b) => a.label.localeCompare(b.label, lang)),
    [data, kinds, t, lang],
  );
  return <LocalSelect options={options} loading={loading} {...props} />;
}

export function AgencySelect(props: SelectProps) {
  const { lang } = useLang();
  const { data, loading } = useAgencies();
  const options = useMemo(
    () =>
      (data ?? [])
        .filter((a) => a.active || a.id === props.value)
        .map((a) => ({ value: a.id, label: agencyLabel(a, lang) }))
        .sort((a, b) => a.label.localeCompare(b.label, lang)),
    [data, lang, props.value],
  );
  return <LocalSelect options={options} loading={loading} {...props} />;
}

/** Schools can number in thousands: searched on the server as the user types. */
export function SchoolSelect(props: SelectProps) {
  const { t } = useLang();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const [current, setCurrent] = useState<{ value: string; label: string } | null>(null);
  const seq = useRef(0);

  const search = (q: string) => {
    const n = ++seq.current;
    setLoading(true);
    api
      .get<Page<School>>('/schools', { q, limit: 30 })
      .then((r) => {
        if (n === seq.current) setOptions(r.items.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` })));
      })
      .catch(() => undefined)
      .finally(() => n === seq.current && setLoading(false));
  };
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const debounced = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => search(q), 250);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: first page once
  useEffect(() => search(''), []);
  useEffect(() => {
    const id = props.value;
    if (!id) return setCurrent(null);
    let live = true;
    loadSchool(id).then(
      (s) => live && setCurrent({ value: s.id, label: `${s.name} (${s.code})` }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [props.value]);

  const all = current && !options.some((o) => o.value === current.value) ? [current, ...options] : options;
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: debounced }}
      loading={loading}
      options={all}
      placeholder={t.schools.searchSchool}
      {...nullable(props)}
    />
  );
}

/** Addresses and accounts as copyable text in a list, never <a href>: nothing here loads or opens by itself. */
export function CopyableList({ values, style, className, testId }: { values: string[]; style: React.CSSProperties; className?: string; testId?: string }) {
  return (
    <ul className={className} data-testid={testId} style={style}>
      {values.map((v) => (
        <li key={v}>
          <Typography.Text code copyable={{ text: v }} style={{ wordBreak: 'break-all' }}>
            {v}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** Shortest password the console accepts before asking the server (which has the last word). */
export const MIN_PASSWORD = 12;

/** A new password and its confirmation, checked alike on the account page and in user administration. */
export function PasswordFields({ label, name = 'password' }: { label: string; name?: string }) {
  const { t } = useLang();
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        rules={[
          { required: true, message: t.common.required(label) },
          { min: MIN_PASSWORD, message: t.account.passwordMin(MIN_PASSWORD) },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t.account.confirmPassword}
        dependencies={[name]}
        rules={[
          { required: true, message: t.common.required(t.account.confirmPassword) },
          ({ getFieldValue }) => ({
            validator: (_, v) => (!v || v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(t.account.passwordMismatch))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

type RejectedLine = { line: number; text: string; reason: string };
type RejectedLabels = { title: string; line: string; text: string; reason: string };

/** The dialog both imports (block lists, hash banks) end in: their counts, then the lines refused. */
export function ImportResultModal<R extends { rejectedLines: RejectedLine[] }>({
  result,
  title,
  onClose,
  testId,
  items,
  labels,
  rejectedTestId,
}: {
  result: R | null;
  title: string;
  onClose: () => void;
  testId: string;
  items: (r: R) => DescriptionsProps['items'];
  labels: RejectedLabels;
  rejectedTestId?: string;
}) {
  const { t } = useLang();
  return (
    <Modal open={result !== null} title={title} onCancel={onClose} footer={<Button onClick={onClose}>{t.common.close}</Button>} width={760} destroyOnHidden>
      {result ? (
        <div data-testid={testId}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={items(result)} />
          <RejectedLines lines={result.rejectedLines} labels={labels} testId={rejectedTestId} />
        </div>
      ) : null}
    </Modal>
  );
}

/** The lines an import refused, with their number, text and reason. */
function RejectedLines({ lines, labels, testId }: { lines: RejectedLine[]; labels: RejectedLabels; testId?: string }) {
  if (lines.length === 0) return null;
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
        {labels.title}
      </Typography.Title>
      <Table
        rowKey="line"
        size="small"
        dataSource={lines}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid={testId}
        columns={[
          { title: labels.line, dataIndex: 'line', width: 80 },
          { title: labels.text, dataIndex: 'text', render: (x: string) => <code style={{ wordBreak: 'break-all' }}>{x}</code> },
          { title: labels.reason, dataIndex: 'reason' },
        ]}
      />
    </>
  );
}

export interface TextFile {
  file: { name: string; text: string } | null;
  error: string | null;
  pick(f: File | undefined): Promise<void>;
  /** Forgets the file (after a successful import). */
  forget(): void;
  /** Forgets the file and its error (the dialog closed). */
  reset(): void;
}

/**
 * A text file chosen in the browser for an import (block lists, hash banks), read whole, with the
 * caller's size rule: `bytes` is checked before reading, `chars` after.
 */
export function useTextFile(limit: { bytes?: number; chars?: number }, tooLarge: string): TextFile {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  return {
    file,
    error,
    async pick(f) {
      setError(null);
      setFile(null);
      if (!f) return;
      if (limit.bytes !== undefined && f.size > limit.bytes) return setError(tooLarge);
      const text = await f.text();
      if (limit.chars !== undefined && text.length > limit.chars) return setError(tooLarge);
      setFile({ name: f.name, text });
    },
    forget: () => setFile(null),
    reset() {
      setFile(null);
      setError(null);
    },
  };
}

/** The form row that picks a TextFile: a button, the chosen name and size, the error if any. */
function TextFileField({
  state,
  label,
  chooseLabel,
  chosen,
  accept,
  testId,
}: {
  state: TextFile;
  label: string;
  chooseLabel: string;
  chosen: (name: string, kb: number) => string;
  accept: string;
  testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <Form.Item label={label} required validateStatus={state.error ? 'error' : undefined} help={state.error ?? undefined}>
      <Space>
        <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
          {chooseLabel}
        </Button>
        {state.file ? <span>{chosen(state.file.name, Math.ceil(state.file.text.length / 1024))}</span> : null}
      </Space>
      <input
        ref={input}
        type="file"
        accept={accept}
        aria-label={label}
        style={{ display: 'none' }}
        data-testid={testId}
        onChange={(e) => void state.pick(e.target.files?.[0])}
      />
    </Form.Item>
  );
}

/** The import dialogs' source switch: the TextFileField while the form's `source` is 'file', the other way in (`children`) otherwise. */
export function FileOrOther({ children, ...file }: ComponentProps<typeof TextFileField> & { children: ReactNode }) {
  return (
    <Form.Item noStyle shouldUpdate={(a, b) => a.source !== b.source}>
      {(form) => (form.getFieldValue('source') === 'file' ? <TextFileField {...file} /> : children)}
    </Form.Item>
  );
}
