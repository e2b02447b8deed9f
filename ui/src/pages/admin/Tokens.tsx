import { CopyOutlined, PlusOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { formatDateTime, LoadError, PageTitle, SchoolSelect, UnitSelect, useSchoolNames, useUnitNames } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { loadScopes } from '../../lookups.js';
import type { Token } from '../../types.js';

interface TokenForm {
  name: string;
  scopes: string[];
  unitId?: string | null;
  schoolId?: string | null;
  expiresAt?: Dayjs | null;
}

export default function Tokens() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const list = useLoad(() => api.get<{ items: Token[] }>('/tokens'), []);
  const scopes = useLoad(() => loadScopes(lang), [lang]);
  const unitName = useUnitNames();
  const items = list.data?.items ?? [];
  const schoolName = useSchoolNames(items.map((x) => x.schoolId));
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ token: Token; secret: string } | null>(null);
  const scopeLabel = useMemo(() => new Map((scopes.data ?? []).map((s) => [s.code, s.label])), [scopes.data]);

  const create = async (v: TokenForm) => {
    const body: Record<string, unknown> = { name: v.name.trim(), scopes: v.scopes };
    if (v.unitId) body.unitId = v.unitId;
    if (v.schoolId) body.schoolId = v.schoolId;
    if (v.expiresAt) body.expiresAt = v.expiresAt.endOf('day').toISOString();
    const created = await api.post<{ token: Token; secret: string }>('/tokens', body);
    setCreating(false);
    setSecret(created);
    list.reload();
  };

  const revoke = async (tok: Token) => {
    try {
      await api.del(`/tokens/${encodeURIComponent(tok.id)}`);
      void message.success(t.tokens.revoked);
      list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const statusOf = (tok: Token) =>
    tok.revokedAt ? (
      <Tag>{t.tokens.revoked}</Tag>
    ) : tok.expiresAt && dayjs(tok.expiresAt).isBefore(dayjs()) ? (
      <Tag color="orange">{t.tokens.expired}</Tag>
    ) : (
      <Tag color="green">{t.tokens.active}</Tag>
    );

  const columns: ColumnsType<Token> = [
    { title: t.tokens.name, dataIndex: 'name' },
    { title: t.tokens.prefix, dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    {
      title: t.tokens.scopes,
      dataIndex: 'scopes',
      render: (ss: string[]) =>
        ss.map((s) => (
          <Tag key={s} title={scopeLabel.get(s)}>
            {s}
          </Tag>
        )),
    },
    {
      title: t.users.scope,
      key: 'limit',
      render: (_, tok) =>
        [tok.unitId ? unitName(tok.unitId) : null, tok.schoolId ? schoolName(tok.schoolId) : null].filter(Boolean).join(' · ') || t.common.none,
    },
    { title: t.common.status, key: 'status', render: (_, tok) => statusOf(tok) },
    { title: t.common.createdAt, dataIndex: 'createdAt', render: formatDateTime },
    { title: t.tokens.expiresAt, dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatDateTime(v) : t.tokens.noExpiry) },
    { title: t.tokens.lastUsed, dataIndex: 'lastUsedAt', render: formatDateTime },
    {
      title: t.common.actions,
      key: 'actions',
      render: (_, tok) =>
        tok.revokedAt ? null : (
          <Popconfirm
            title={t.tokens.revokeConfirm(tok.name)}
            okText={t.tokens.revoke}
            okButtonProps={{ danger: true }}
            cancelText={t.common.cancel}
            onConfirm={() => revoke(tok)}
          >
            <Button size="small" danger icon={<StopOutlined />} aria-label={`${t.tokens.revoke}: ${tok.name}`}>
              {t.tokens.revoke}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t.tokens.create}
          </Button>
        }
      >
        {t.tokens.title}
      </PageTitle>
      <LoadError error={list.error} onRetry={list.reload} />
      <Table<Token>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={list.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t.common.total(n) }}
        scroll={{ x: 'max-content' }}
      />
      <FormModal<TokenForm>
        open={creating}
        title={t.tokens.create}
        okText={t.tokens.create}
        onCancel={() => setCreating(false)}
        onSubmit={create}
        initialValues={{ scopes: [] }}
      >
        {() => (
          <>
            <Form.Item name="name" label={t.tokens.name} rules={[{ required: true, whitespace: true, message: t.common.required(t.tokens.name) }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="scopes"
              label={t.tokens.scopes}
              rules={[{ required: true, type: 'array', min: 1, message: t.common.requiredSelect(t.tokens.scopes) }]}
            >
              <Select
                mode="multiple"
                loading={scopes.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={(scopes.data ?? []).map((s) => ({ value: s.code, label: `${s.code} — ${s.label}` }))}
              />
            </Form.Item>
            <Form.Item name="unitId" label={t.tokens.unit}>
              <UnitSelect kinds={['ward', 'commune']} allowClear />
            </Form.Item>
            <Form.Item name="schoolId" label={t.tokens.school}>
              <SchoolSelect allowClear />
            </Form.Item>
            <Form.Item name="expiresAt" label={t.tokens.expiresAt} extra={t.tokens.noExpiry}>
              <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isBefore(dayjs().endOf('day'))} style={{ width: 220 }} />
            </Form.Item>
          </>
        )}
      </FormModal>
      <SecretModal value={secret} onClose={() => setSecret(null)} />
    </>
  );
}

/** The secret exists only in this modal: the server stores a hash. */
function SecretModal({ value, onClose }: { value: { token: Token; secret: string } | null; onClose: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const area = useRef<HTMLTextAreaElement | null>(null);

  const copy = async () => {
    if (!value) return;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value.secret);
      void message.success(t.common.copied);
    } catch {
      // http:// outside localhost has no async clipboard: fall back to selecting the text
      area.current?.focus();
      area.current?.select();
      const ok = document.execCommand?.('copy');
      if (ok) void message.success(t.common.copied);
      else void message.warning(t.common.copyFailed);
    }
  };

  return (
    <Modal
      open={value !== null}
      title={value ? `${t.tokens.secretTitle}: ${value.token.name}` : ''}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t.tokens.secretDone}
        </Button>
      }
    >
      <Alert type="warning" showIcon icon={<WarningOutlined />} title={t.tokens.secretWarning} style={{ marginBottom: 16 }} />
      <label htmlFor="token-secret" style={{ display: 'block', marginBottom: 8 }}>
        {t.tokens.secretLabel}
      </label>
      <textarea
        id="token-secret"
        ref={area}
        readOnly
        value={value?.secret ?? ''}
        rows={3}
        className="secret-box"
        data-testid="token-secret"
        onFocus={(e) => e.currentTarget.select()}
      />
      <Button icon={<CopyOutlined />} onClick={() => void copy()} style={{ marginTop: 8 }}>
        {t.common.copy}
      </Button>
    </Modal>
  );
}
