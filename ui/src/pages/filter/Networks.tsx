import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { LoadError, PageTitle, SchoolSelect, useSchoolNames } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useFilterT } from './i18n.js';
import { effectText, useSafetyT } from './i18n-safety.js';
import type { AllowEffect } from './safety-types.js';
import { BandSelect, linesToList, listToLines, SchoolFilter, useCategories } from './shared.js';
import { BANDS, type Band, type Network, type SchoolRules } from './types.js';

type NetworkForm = { schoolId: string; band: Band; cidr: string; note?: string };

/**
 * School networks (GET/POST/DELETE /filter/networks): system administrators for every school, a
 * school administrator for their own (the server scopes the list). Below, the chosen school's own
 * additions (GET /filter/schools/:id/rules, PUT /filter/schools/:id/rules/:band).
 */
export default function Networks() {
  const f = useFilterT();
  const { t } = useLang();
  const me = useMe();
  const { message } = App.useApp();
  // a school's administrator is tied to their school; editing is what the school filter policy gives (/auth/me)
  const isSchoolAdmin = me.schoolId !== null;
  const canEdit = me.abilities['filter.school.update'];
  const [schoolId, setSchoolId] = useState<string | null>(isSchoolAdmin ? me.schoolId : null);
  const list = useLoad(() => api.get<Network[]>('/filter/networks', { schoolId }), [schoolId]);
  const items = list.data ?? [];
  const schoolName = useSchoolNames(items.map((n) => n.schoolId));
  const [adding, setAdding] = useState(false);

  const remove = async (n: Network) => {
    try {
      await api.del(`/filter/networks/${encodeURIComponent(n.id)}`);
      void message.success(t.common.deleted);
      list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<Network> = [
    { title: f.networks.cidr, dataIndex: 'cidr', render: (c: string) => <code>{c}</code> },
    { title: f.common.school, dataIndex: 'schoolId', render: (id: string) => schoolName(id) },
    { title: f.common.band, dataIndex: 'band', render: (b: Band) => f.bands[b] ?? b },
    { title: f.networks.note, dataIndex: 'note', render: (n: string | null) => n ?? t.common.none },
    ...(canEdit
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            width: 110,
            render: (_: unknown, n: Network) => (
              <Popconfirm
                title={f.networks.deleteConfirm(n.cidr)}
                okText={t.common.delete}
                okButtonProps={{ danger: true }}
                cancelText={t.common.cancel}
                onConfirm={() => remove(n)}
              >
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t.common.delete}: ${n.cidr}`}>
                  {t.common.delete}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageTitle
        extra={
          canEdit ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="network-add">
              {f.networks.add}
            </Button>
          ) : undefined
        }
      >
        {f.networks.title}
      </PageTitle>
      <Typography.Paragraph type="secondary">{f.networks.hint}</Typography.Paragraph>
      {isSchoolAdmin ? <Alert type="info" showIcon title={f.networks.ownSchool} style={{ marginBottom: 16 }} /> : null}
      {isSchoolAdmin ? null : (
        <search className="filters" aria-label={t.common.filters}>
          <SchoolFilter value={schoolId} onChange={setSchoolId} width={360} />
        </search>
      )}
      <LoadError error={list.error} onRetry={list.reload} />
      <Table<Network>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={list.loading}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t.common.total(n) }}
        data-testid="networks-table"
      />
      <FormModal<NetworkForm>
        open={adding}
        title={f.networks.add}
        initialValues={{ schoolId: schoolId ?? undefined, band: 'primary' }}
        onCancel={() => setAdding(false)}
        onSubmit={async (v) => {
          await api.post('/filter/networks', { schoolId: v.schoolId, band: v.band, cidr: v.cidr.trim(), note: v.note?.trim() || null });
          setAdding(false);
          void message.success(f.networks.added);
          list.reload();
        }}
      >
        {() => (
          <>
            <Form.Item name="schoolId" label={f.common.school} rules={[{ required: true, message: t.common.requiredSelect(f.common.school) }]}>
              <SchoolSelect />
            </Form.Item>
            <Form.Item name="band" label={f.common.band} rules={[{ required: true }]}>
              <BandSelect />
            </Form.Item>
            <Form.Item
              name="cidr"
              label={f.networks.cidr}
              extra={f.networks.cidrHint}
              rules={[{ required: true, whitespace: true, message: t.common.required(f.networks.cidr) }]}
            >
              <Input maxLength={64} spellCheck={false} autoComplete="off" />
            </Form.Item>
            <Form.Item name="note" label={f.networks.note}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
      </FormModal>
      <SchoolAdditions schoolId={schoolId} canEdit={canEdit} />
    </>
  );
}

type AdditionForm = { band: Band | 'all'; blockedCategories: string[]; blockDomains: string; allowDomains: string };

function SchoolAdditions({ schoolId, canEdit }: { schoolId: string | null; canEdit: boolean }) {
  const f = useFilterT();
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const cats = useCategories();
  const s = useSafetyT();
  const rules = useLoad(() => (schoolId ? api.get<SchoolRules[]>(`/filter/schools/${encodeURIComponent(schoolId)}/rules`) : Promise.resolve([])), [schoolId]);
  // An allow entry that a city-mandatory category overrides does nothing: say so, with the category.
  const effects = useLoad(
    () => (schoolId ? api.get<AllowEffect[]>(`/filter/schools/${encodeURIComponent(schoolId)}/rules/effects`) : Promise.resolve([])),
    [schoolId],
  );
  const noEffect = (effects.data ?? []).filter((e) => !e.effective);
  const [form] = Form.useForm<AdditionForm>();
  const band = Form.useWatch('band', form) ?? 'all';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refill when the band or the server's rules change
  useEffect(() => {
    const r = rules.data?.find((x) => x.band === band);
    form.setFieldsValue({
      blockedCategories: r?.blockedCategories ?? [],
      blockDomains: listToLines(r?.blockDomains),
      allowDomains: listToLines(r?.allowDomains),
    });
  }, [band, rules.data]);

  return (
    <Card size="small" title={f.networks.rulesTitle} style={{ marginTop: 24 }}>
      <Typography.Paragraph type="secondary">{f.networks.rulesHint}</Typography.Paragraph>
      {!schoolId ? (
        <Typography.Text type="secondary">{f.networks.chooseSchool}</Typography.Text>
      ) : (
        <>
          <LoadError error={rules.error} onRetry={rules.reload} />
          {error ? <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} /> : null}
          <Form<AdditionForm>
            form={form}
            name="school-additions"
            layout="vertical"
            initialValues={{ band: 'all' }}
            disabled={!canEdit || busy}
            onFinish={async (v) => {
              setBusy(true);
              setError(null);
              try {
                const r = await api.put<{ allowEffects?: AllowEffect[] } | undefined>(`/filter/schools/${encodeURIComponent(schoolId)}/rules/${v.band}`, {
                  blockedCategories: v.blockedCategories ?? [],
                  blockDomains: linesToList(v.blockDomains),
                  allowDomains: linesToList(v.allowDomains),
                });
                const without = (r?.allowEffects ?? []).filter((e) => !e.effective);
                // one entry without effect: name it and its category in the message itself
                if (without.length === 1 && without[0])
                  void message.warning(s.reviews.allowedNoEffect(without[0].domain, effectText(without[0], lang, s.effects.noEffect)), 8);
                else if (without.length) void message.warning(s.effects.savedWithNoEffect(without.length), 8);
                else void message.success(f.networks.rulesSaved);
                rules.reload();
                effects.reload();
              } catch (e) {
                setError(errorMessage(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            <Form.Item name="band" label={f.networks.rulesBand}>
              <Select
                style={{ width: 240 }}
                disabled={busy}
                options={[{ value: 'all', label: f.networks.allBands }, ...BANDS.map((b) => ({ value: b, label: f.bands[b] }))]}
              />
            </Form.Item>
            <Form.Item name="blockedCategories" label={f.policies.categories}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={cats.items
                  .filter((c) => c.kind === 'block' && !c.mandatory)
                  .map((c) => ({ value: c.code, label: lang === 'en' ? c.nameEn || c.nameVi : c.nameVi }))}
              />
            </Form.Item>
            <Form.Item name="blockDomains" label={f.policies.blockDomains} extra={f.policies.domainsHint}>
              <Input.TextArea rows={3} spellCheck={false} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Form.Item name="allowDomains" label={f.policies.allowDomains}>
              <Input.TextArea rows={3} spellCheck={false} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <LoadError error={effects.error} onRetry={effects.reload} />
            {noEffect.length ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={s.effects.title}
                data-testid="allow-no-effect"
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {noEffect.map((e) => (
                      <li key={`${e.band}|${e.domain}`} style={{ wordBreak: 'break-word' }}>
                        <code>{e.domain}</code> ({e.band === 'all' ? s.effects.allBands : f.bands[e.band]}): {effectText(e, lang, s.effects.noEffect)}
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : null}
            {canEdit ? (
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} data-testid="school-rules-save">
                {t.common.save}
              </Button>
            ) : null}
          </Form>
        </>
      )}
    </Card>
  );
}
