import { DeleteOutlined, LockOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select, Space, Spin, Switch, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { LoadError, PageTitle } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { EmptyCategoryNote, useBlockPageState, useCoverage } from './coverage.js';
import { useFilterT } from './i18n.js';
import { useSafetyT } from './i18n-safety.js';
import type { BlockPageState, CategoryCoverage } from './safety-types.js';
import { linesToList, listToLines, useCanEditCity, useCategories } from './shared.js';
import { BANDS, type Band, type BandPolicy, type FilterCategory, type Schedule } from './types.js';

type PolicyForm = Omit<BandPolicy, 'band' | 'blockDomains' | 'allowDomains'> & { blockDomains: string; allowDomains: string };

/** The five city-wide band policies: GET /filter/bands, PATCH /filter/bands/:band (system administrators, analysts). */
export default function Bands() {
  const f = useFilterT();
  const bands = useLoad(() => api.get<BandPolicy[]>('/filter/bands'), []);
  const cats = useCategories();
  const coverage = useCoverage();
  const blockPage = useBlockPageState();
  const canEdit = useCanEditCity();
  const [active, setActive] = useState<Band>('kindergarten');

  return (
    <>
      <PageTitle>{f.policies.title}</PageTitle>
      <Typography.Paragraph type="secondary">{f.policies.hint}</Typography.Paragraph>
      {canEdit ? null : <Alert type="info" showIcon title={f.common.readOnly} style={{ marginBottom: 16 }} />}
      <LoadError
        error={bands.error ?? cats.error ?? coverage.error ?? blockPage.error}
        onRetry={() => {
          bands.reload();
          cats.reload();
          coverage.reload();
          blockPage.reload();
        }}
      />
      {bands.loading && !bands.data ? <Spin style={{ display: 'block', margin: '48px auto' }} /> : null}
      {bands.data ? (
        <Tabs
          activeKey={active}
          onChange={(k) => setActive(k as Band)}
          data-testid="band-tabs"
          items={BANDS.map((b) => {
            const policy = bands.data?.find((p) => p.band === b);
            return {
              key: b,
              label: f.bands[b],
              children: policy ? (
                <BandForm
                  policy={policy}
                  categories={cats.items}
                  coverage={coverage.byCode}
                  blockPage={blockPage.data}
                  canEdit={canEdit}
                  onSaved={() => {
                    bands.reload();
                    blockPage.reload();
                  }}
                />
              ) : null,
            };
          })}
        />
      ) : null}
    </>
  );
}

function BandForm({
  policy,
  categories,
  coverage,
  blockPage,
  canEdit,
  onSaved,
}: {
  policy: BandPolicy;
  categories: FilterCategory[];
  coverage: ReadonlyMap<string, CategoryCoverage>;
  blockPage: BlockPageState | undefined;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const f = useFilterT();
  const s = useSafetyT();
  const { lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<PolicyForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const blockCats = categories.filter((c) => c.kind === 'block');
  const mandatory = blockCats.filter((c) => c.mandatory).map((c) => c.code);
  const catName = (c: FilterCategory) => (lang === 'en' ? c.nameEn || c.nameVi : c.nameVi);
  const bandName = f.bands[policy.band];

  const initial: PolicyForm = {
    ...policy,
    blockedCategories: [...new Set([...policy.blockedCategories, ...mandatory])],
    blockDomains: listToLines(policy.blockDomains),
    allowDomains: listToLines(policy.allowDomains),
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the server's policy or the categories change
  useEffect(() => form.setFieldsValue(initial), [policy, categories]);

  const save = async (v: PolicyForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.patch<BandPolicy>(`/filter/bands/${policy.band}`, {
        blockedCategories: [...new Set([...(v.blockedCategories ?? []), ...mandatory])],
        blockDomains: linesToList(v.blockDomains),
        allowDomains: linesToList(v.allowDomains),
        safeSearch: v.safeSearch,
        youtube: v.youtube,
        blockBypass: v.blockBypass,
        // sent only when changed: without a block-page address the server refuses 'blockpage', and an
        // unrelated change to a band already on it must still save
        ...(v.blockResponse !== policy.blockResponse ? { blockResponse: v.blockResponse } : {}),
        queryLog: v.queryLog,
        schedules: (v.schedules ?? []).map((s: Schedule) => ({
          ...(s.name?.trim() ? { name: s.name.trim() } : {}),
          days: s.days ?? [],
          from: s.from,
          to: s.to,
          mode: s.mode,
          ...(s.mode === 'block' ? { categories: s.categories ?? [] } : {}),
        })),
      });
      void message.success(f.policies.saved(bandName));
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const time = [{ required: true, pattern: /^([01]\d|2[0-4]):[0-5]\d$/, message: f.policies.timeFormat }];

  return (
    <Form<PolicyForm>
      form={form}
      name={`band-${policy.band}`}
      layout="vertical"
      initialValues={initial}
      onFinish={save}
      disabled={!canEdit || busy}
      data-testid={`band-form-${policy.band}`}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}
      <Row gutter={[16, 0]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={f.policies.categories} style={{ marginBottom: 16 }}>
            <Form.Item name="blockedCategories" noStyle>
              <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }} aria-label={f.policies.categories}>
                {blockCats.map((c) => (
                  <Checkbox key={c.code} value={c.code} disabled={c.mandatory || !canEdit}>
                    {catName(c)} <span className="muted">({f.common.domains(c.domains)})</span>
                    {c.mandatory ? (
                      <Tooltip title={f.policies.mandatoryHint}>
                        <Tag icon={<LockOutlined />} color="red" style={{ marginInlineStart: 6 }}>
                          {f.policies.mandatory}
                        </Tag>
                      </Tooltip>
                    ) : null}
                    <EmptyCategoryNote coverage={coverage.get(c.code)} />
                  </Checkbox>
                ))}
              </Checkbox.Group>
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Form.Item name="safeSearch" valuePropName="checked" label={f.policies.safeSearch}>
              <Switch />
            </Form.Item>
            <Form.Item name="youtube" label={f.policies.youtube}>
              <Select options={['off', 'moderate', 'strict'].map((x) => ({ value: x, label: f.policies.youtubeModes[x] }))} style={{ maxWidth: 280 }} />
            </Form.Item>
            <Form.Item name="blockBypass" valuePropName="checked" label={f.policies.blockBypass}>
              <Switch />
            </Form.Item>
            <Form.Item
              name="blockResponse"
              label={f.policies.blockResponse}
              extra={
                blockPage && !blockPage.configured ? (
                  <span data-testid={`blockpage-inactive-${policy.band}`}>
                    {s.blockpage.notConfigured}
                    {blockPage.bands.find((b) => b.band === policy.band)?.blockResponse === 'blockpage' ? (
                      <strong style={{ display: 'block' }}>{s.blockpage.effective}</strong>
                    ) : null}
                  </span>
                ) : blockPage?.configured ? (
                  s.blockpage.configured([blockPage.ipv4, blockPage.ipv6].filter(Boolean).join(', '))
                ) : undefined
              }
            >
              <Radio.Group
                options={['blockpage', 'nxdomain'].map((x) => ({
                  value: x,
                  label:
                    x === 'blockpage' && blockPage && !blockPage.configured ? (
                      <>
                        {f.policies.responses[x]}{' '}
                        <Tag color="warning" style={{ marginInlineStart: 4 }}>
                          {s.blockpage.inactive}
                        </Tag>
                      </>
                    ) : (
                      f.policies.responses[x]
                    ),
                }))}
              />
            </Form.Item>
            <Form.Item name="queryLog" valuePropName="checked" label={f.policies.queryLog}>
              <Switch />
            </Form.Item>
          </Card>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Form.Item name="blockDomains" label={f.policies.blockDomains} extra={f.policies.domainsHint}>
              <Input.TextArea rows={4} spellCheck={false} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Form.Item name="allowDomains" label={f.policies.allowDomains}>
              <Input.TextArea rows={4} spellCheck={false} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={f.policies.schedules} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{f.policies.schedulesHint}</Typography.Paragraph>
        <Form.List name="schedules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card key={field.key} size="small" style={{ marginBottom: 12, background: '#fafbfc' }}>
                  <Space wrap align="start">
                    <Form.Item name={[field.name, 'name']} label={f.policies.scheduleName}>
                      <Input maxLength={60} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'mode']} label={f.policies.mode} rules={[{ required: true }]}>
                      <Select style={{ width: 160 }} options={['learning', 'block'].map((x) => ({ value: x, label: f.policies.modes[x] }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'from']} label={f.policies.from} rules={time}>
                      <Input placeholder="07:30" maxLength={5} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'to']} label={f.policies.to} rules={time}>
                      <Input placeholder="11:30" maxLength={5} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'days']}
                      label={f.policies.days}
                      rules={[{ required: true, type: 'array', min: 1, message: f.policies.days }]}
                    >
                      <Checkbox.Group options={f.policies.weekdays.map((d, i) => ({ value: i + 1, label: d }))} />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate={(a, b) => a.schedules?.[field.name]?.mode !== b.schedules?.[field.name]?.mode}>
                      {() =>
                        form.getFieldValue(['schedules', field.name, 'mode']) === 'block' ? (
                          <Form.Item name={[field.name, 'categories']} label={f.policies.scheduleCategories}>
                            <Select
                              mode="multiple"
                              style={{ minWidth: 260 }}
                              options={blockCats.map((c) => ({ value: c.code, label: catName(c) }))}
                              optionFilterProp="label"
                            />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                    {canEdit ? (
                      <Button
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={f.policies.removeSchedule}
                        style={{ marginTop: 30 }}
                      />
                    ) : null}
                  </Space>
                </Card>
              ))}
              {canEdit ? (
                <Button icon={<PlusOutlined />} onClick={() => add({ mode: 'learning', days: [1, 2, 3, 4, 5], from: '07:30', to: '11:30' })}>
                  {f.policies.addSchedule}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>
      </Card>
      {canEdit ? (
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} data-testid="band-save">
          {f.policies.save(bandName)}
        </Button>
      ) : null}
    </Form>
  );
}
