import { LockOutlined, SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useMe } from '../../auth.js';
import { formatDateTime, PageTitle, SchoolSelect, useSchoolNames } from '../../components.js';
import { useLang } from '../../locale.js';
import { useFilterT } from './i18n.js';
import { useSafetyT } from './i18n-safety.js';
import { BandSelect, useCategories } from './shared.js';
import type { Band, Explanation } from './types.js';

type CheckForm = { domain: string; schoolId?: string | null; band: Band; at?: Dayjs | null };

const DECISION_COLORS: Record<string, string> = { allowed: 'green', blocked: 'red', safe_search: 'blue', canary: 'red' };

/** "Vì sao tên miền này bị chặn?": GET /filter/check?domain&schoolId&band&at → the decision and the rule that made it. */
export default function Check() {
  const f = useFilterT();
  const s = useSafetyT();
  const { t, lang } = useLang();
  const me = useMe();
  const cats = useCategories();
  const [result, setResult] = useState<Explanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const schoolName = useSchoolNames([result?.schoolId]);

  const run = async (v: CheckForm) => {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.get<Explanation>('/filter/check', {
          domain: v.domain.trim(),
          band: v.band,
          schoolId: v.schoolId ?? undefined,
          at: v.at ? v.at.toISOString() : undefined,
        }),
      );
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const ruleText = (rule: string) =>
    rule.startsWith('schedule:')
      ? `${f.check.rules.schedule} (${f.check.schedulePrefix}: ${rule.slice(9) || '—'})`
      : rule === 'guard_decision'
        ? s.check.ruleGuardDecision
        : (f.check.rules[rule] ?? rule);

  return (
    <>
      <PageTitle>{f.check.title}</PageTitle>
      <Typography.Paragraph type="secondary">{f.check.hint}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<CheckForm>
          layout="inline"
          onFinish={run}
          initialValues={{ band: 'primary', schoolId: me.schoolId ?? undefined }}
          style={{ rowGap: 12 }}
          data-testid="check-form"
        >
          <Form.Item name="domain" label={f.check.domain} rules={[{ required: true, whitespace: true, message: t.common.required(f.check.domain) }]}>
            <Input placeholder={f.check.domainPlaceholder} maxLength={260} spellCheck={false} autoComplete="off" style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="band" label={f.common.band} rules={[{ required: true }]}>
            <BandSelect style={{ width: 190 }} />
          </Form.Item>
          <Form.Item name="schoolId" label={f.common.school}>
            <SchoolSelect allowClear style={{ width: 300 }} />
          </Form.Item>
          <Form.Item name="at" label={f.check.at}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>
              {f.check.run}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} /> : null}
      {result ? (
        <Card size="small" data-testid="check-result" aria-live="polite">
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'domain', label: f.check.domain, children: <code>{result.domain}</code> },
              { key: 'band', label: f.common.band, children: f.bands[result.band] ?? result.band },
              { key: 'school', label: f.common.school, children: result.schoolId ? schoolName(result.schoolId) : t.common.none },
              {
                key: 'decision',
                label: f.check.decision,
                children: (
                  <Tag color={DECISION_COLORS[result.decision] ?? 'default'} style={{ fontSize: 14, padding: '2px 10px' }} data-testid="check-decision">
                    {f.check.decisions[result.decision] ?? result.decision}
                  </Tag>
                ),
              },
              ...(result.category ? [{ key: 'category', label: f.common.category, children: cats.name(result.category) }] : []),
              { key: 'rule', label: f.check.rule, children: <span data-testid="check-rule">{ruleText(result.rule)}</span> },
              ...(result.matched ? [{ key: 'matched', label: f.check.matched, children: <code>{result.matched}</code> }] : []),
              ...(result.target ? [{ key: 'target', label: f.check.target, children: <code>{result.target}</code> }] : []),
            ]}
          />
          {result.mandatory ? <Alert type="warning" showIcon icon={<LockOutlined />} title={f.check.mandatory} style={{ margin: '12px 0' }} /> : null}
          {result.guardDecision ? (
            <Alert
              type="error"
              showIcon
              title={s.check.decision}
              description={s.check.decisionText(formatDateTime(result.guardDecision.decidedAt), result.guardDecision.reason, result.guardDecision.decidedBy)}
              style={{ margin: '12px 0' }}
              data-testid="check-guard-decision"
            />
          ) : null}
          {result.guard ? (
            <Alert
              type="info"
              showIcon
              icon={<SafetyOutlined />}
              title={s.check.guarded(result.guard.domain)}
              description={lang === 'en' ? result.guard.reasonEn || result.guard.reasonVi : result.guard.reasonVi}
              style={{ margin: '12px 0' }}
              data-testid="check-guard"
            />
          ) : null}
          <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
            {f.check.lists}
          </Typography.Title>
          {result.lists.length ? (
            <ul style={{ paddingInlineStart: 18 }}>
              {result.lists.map((l) => (
                <li key={l.id}>
                  <strong>{l.name}</strong> <Tag>{cats.name(l.category)}</Tag>
                  <div>
                    {l.rules.map((r) => (
                      <code key={r} style={{ marginInlineEnd: 8 }}>
                        {r}
                      </code>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <Typography.Text type="secondary">{f.check.noLists}</Typography.Text>
          )}
        </Card>
      ) : null}
    </>
  );
}
