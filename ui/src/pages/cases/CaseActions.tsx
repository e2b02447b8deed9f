import { App, Button, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { ApiError, api } from '../../api.js';
import { AgencySelect, UnitSelect } from '../../components.js';
import { FormModal } from '../../FormModal.js';
import { useCasesT } from './i18n.js';
import type { Vocab } from './shared.js';
import type { CaseDetail } from './types.js';

type Values = Record<string, unknown>;
interface Action {
  key: string;
  label: string;
  /** POST path under /cases/:id/ */
  path: string;
  shown: boolean;
  fields: ReactNode;
  body: (v: Values) => Values;
  initial?: Values;
}

const today = () => dayjs().format('YYYY-MM-DD');
const lines = (s: unknown) =>
  String(s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
const opt = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : v);

/**
 * The steps each track allows now, as buttons opening a form: the victim track's registration,
 * assessment, plan, services, follow-up and closure; the violation track's subject, referral,
 * decision and closure; consent, notes, referrals between units and tasks. Every form sends the
 * case version the page shows; a stale one comes back 409 naming what changed, and the page
 * reloads so nothing is overwritten.
 */
export function CaseActions({ c, vocab, onDone }: { c: CaseDetail; vocab: Vocab; onDone: (stale?: boolean) => void }) {
  const m = useCasesT();
  const { message } = App.useApp();
  const [open, setOpen] = useState<Action | null>(null);
  const req = { rules: [{ required: true, message: m.act.required }] };
  const sel = (list: string, multiple = false) => (
    <Select options={vocab.options(list)} mode={multiple ? 'multiple' : undefined} showSearch={{ optionFilterProp: 'label' }} />
  );
  const victimOpen = c.victimState !== null && c.victimState !== 'closed' && !c.pendingApproval;
  const violationOpen = c.violationState !== null && c.violationState !== 'closed';
  const dateField = (name: string, label: string) => (
    <Form.Item name={name} label={label}>
      <Input type="date" max={today()} />
    </Form.Item>
  );
  const noteField = (name = 'note', required = false) => (
    <Form.Item name={name} label={m.act.note_} {...(required ? req : {})}>
      <Input.TextArea rows={3} maxLength={4000} showCount />
    </Form.Item>
  );

  const approval = (decision: 'approve' | 'return'): Action => ({
    key: decision === 'approve' ? 'approve' : 'returnStep',
    label: decision === 'approve' ? m.act.approve : m.act.returnStep,
    path: 'approvals',
    shown: c.pendingApproval !== null && c.can.approve,
    fields: noteField('note', decision === 'return'),
    body: (v) => ({ step: c.pendingApproval, decision, note: opt(v.note) }),
  });

  const actions: Action[] = [
    approval('approve'),
    approval('return'),
    {
      key: 'register',
      label: m.act.register,
      path: 'registration',
      shown: victimOpen,
      fields: (
        <>
          <Form.Item name="ageBand" label={m.act.ageBand} {...req}>
            {sel('ageBands')}
          </Form.Item>
          <Form.Item name="gender" label={m.act.gender} {...req}>
            {sel('genders')}
          </Form.Item>
        </>
      ),
      body: (v) => ({ ageBand: v.ageBand, gender: v.gender }),
    },
    {
      key: 'assess',
      label: m.act.assess,
      path: 'assessment',
      shown: victimOpen,
      fields: (
        <>
          <Form.Item name="level" label={m.act.level} {...req}>
            {sel('riskLevels')}
          </Form.Item>
          <Form.Item name="concerns" label={m.act.concerns}>
            {sel('concerns', true)}
          </Form.Item>
          {noteField()}
        </>
      ),
      body: (v) => ({ level: v.level, concerns: v.concerns ?? [], note: opt(v.note) }),
    },
    {
      key: 'plan',
      label: m.act.plan,
      path: 'plan',
      shown: victimOpen && c.risk !== null,
      fields: (
        <>
          <Form.Item name="needs" label={m.act.needs} {...req}>
            {sel('needs', true)}
          </Form.Item>
          <Form.Item name="goals" label={m.act.goals} {...req}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </>
      ),
      body: (v) => ({ needs: v.needs, goals: lines(v.goals) }),
    },
    {
      key: 'service',
      label: m.act.service,
      path: 'services',
      shown: victimOpen,
      initial: { status: 'in_progress', startedAt: today() },
      fields: (
        <>
          <Form.Item name="kind" label={m.act.kind} {...req}>
            {sel('serviceKinds')}
          </Form.Item>
          <Form.Item name="provider" label={m.act.provider} {...req}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="status" label={m.act.serviceStatus} {...req}>
            {sel('serviceStatuses')}
          </Form.Item>
          {dateField('startedAt', m.act.startedAt)}
          {noteField()}
        </>
      ),
      body: (v) => ({ kind: v.kind, provider: v.provider, status: v.status, startedAt: opt(v.startedAt), note: opt(v.note) }),
    },
    {
      key: 'followUp',
      label: m.act.followUp,
      path: 'follow-ups',
      shown: victimOpen && (c.victimState === 'in_service' || c.victimState === 'follow_up'),
      fields: noteField('note', true),
      body: (v) => ({ note: v.note }),
    },
    {
      key: 'close',
      label: m.act.close,
      path: 'close',
      shown: victimOpen,
      fields: (
        <>
          <Form.Item name="reason" label={m.act.reason} {...req}>
            {sel('closureReasons')}
          </Form.Item>
          {noteField()}
        </>
      ),
      body: (v) => ({ reason: v.reason, note: opt(v.note) }),
    },
    {
      key: 'reopen',
      label: m.act.reopen,
      path: 'reopen',
      shown: c.victimState === 'closed',
      fields: (
        <Form.Item name="reason" label={m.act.reopenReason} rules={[{ required: true, min: 10, message: m.act.required }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      ),
      body: (v) => ({ reason: v.reason }),
    },
    {
      key: 'subject',
      label: m.act.subject,
      path: 'subject',
      shown: violationOpen && ['subject', 'evidence', 'referred'].includes(c.violationState ?? ''),
      fields: (
        <>
          <Form.Item name="subjectKind" label={m.act.subjectKind} {...req}>
            {sel('subjectKinds')}
          </Form.Item>
          <Form.Item name="violationType" label={m.act.violationType} {...req}>
            {sel('violationTypes')}
          </Form.Item>
        </>
      ),
      body: (v) => ({ subjectKind: v.subjectKind, violationType: v.violationType }),
    },
    {
      key: 'violationReferral',
      label: m.act.violationReferral,
      path: 'violation/referral',
      shown: violationOpen && ['evidence', 'referred'].includes(c.violationState ?? ''),
      fields: (
        <>
          <Form.Item name="to" label={m.act.target} {...req}>
            {sel('referralTargets')}
          </Form.Item>
          {noteField()}
        </>
      ),
      body: (v) => ({ to: v.to, note: opt(v.note) }),
    },
    {
      key: 'decision',
      label: m.act.decision,
      path: 'violation/decision',
      shown: violationOpen && ['evidence', 'referred'].includes(c.violationState ?? ''),
      fields: (
        <>
          <Form.Item name="decision" label={m.act.decision_} {...req}>
            {sel('decisions')}
          </Form.Item>
          <Form.Item name="decisionNumber" label={m.act.decisionNumber}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="amount" label={m.act.amount}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          {noteField()}
        </>
      ),
      body: (v) => ({ decision: v.decision, decisionNumber: opt(v.decisionNumber), amount: opt(v.amount), note: opt(v.note) }),
    },
    {
      key: 'closeViolation',
      label: m.act.closeViolation,
      path: 'violation/close',
      shown: c.violationState === 'decided',
      fields: (
        <>
          <Form.Item name="outcome" label={m.act.outcome} {...req}>
            {sel('outcomes')}
          </Form.Item>
          {noteField()}
        </>
      ),
      body: (v) => ({ outcome: v.outcome, note: opt(v.note) }),
    },
    {
      key: 'consent',
      label: m.act.consent,
      path: 'consents',
      shown: true,
      initial: { given: true },
      fields: (
        <>
          <Form.Item name="kind" label={m.act.consentKind} {...req}>
            {sel('consentKinds')}
          </Form.Item>
          <Form.Item name="given" label={m.act.consentGiven} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="by" label={m.act.consentBy} {...req}>
            {sel('consentGivers')}
          </Form.Item>
          <Form.Item name="agencyId" label={m.act.consentAgency}>
            <AgencySelect allowClear />
          </Form.Item>
        </>
      ),
      body: (v) => ({ kind: v.kind, given: v.given === true, by: v.by, agencyId: opt(v.agencyId) }),
    },
    {
      key: 'note',
      label: m.act.note,
      path: 'notes',
      shown: true,
      fields: (
        <Form.Item name="text" label={m.act.text} {...req}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
      ),
      body: (v) => ({ text: v.text }),
    },
    {
      key: 'refer',
      label: m.act.refer,
      path: 'referrals',
      shown: true,
      initial: { kind: 'referral', toType: 'agency' },
      fields: <ReferralFields vocab={vocab} />,
      body: (v) => ({
        kind: v.kind,
        purpose: v.purpose,
        toUnitId: v.toType === 'unit' ? v.toUnitId : undefined,
        toAgencyId: v.toType === 'agency' ? v.toAgencyId : undefined,
        note: opt(v.note),
        answerWithinHours: opt(v.answerWithinHours),
        consentOverrideReason: opt(v.consentOverrideReason),
      }),
    },
    {
      key: 'task',
      label: m.act.task,
      path: 'tasks',
      shown: true,
      fields: (
        <>
          <Form.Item name="title" label={m.task.what} {...req}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="dueAt" label={m.task.due} {...req}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="remindAt" label={m.task.remind}>
            <Input type="datetime-local" />
          </Form.Item>
        </>
      ),
      body: (v) => ({
        title: v.title,
        dueAt: dayjs(String(v.dueAt)).toISOString(),
        remindAt: v.remindAt ? dayjs(String(v.remindAt)).toISOString() : undefined,
      }),
    },
  ];

  const submit = async (a: Action, values: Values) => {
    try {
      await api.post(`/cases/${encodeURIComponent(c.id)}/${a.path}`, { version: c.version, ...a.body(values) });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'case_version_conflict') onDone(true);
      throw e;
    }
    setOpen(null);
    void message.success(m.act.done);
    onDone();
  };

  return (
    <>
      <Space wrap data-testid="case-actions">
        {actions
          .filter((a) => a.shown)
          .map((a) => (
            <Button key={a.key} onClick={() => setOpen(a)} data-testid={`act-${a.key}`}>
              {a.label}
            </Button>
          ))}
      </Space>
      <FormModal<Values>
        // a fresh form per action: fields of the same name (kind, note) never carry over
        key={open?.key ?? 'none'}
        open={open !== null}
        title={open?.label}
        initialValues={open?.initial}
        onCancel={() => setOpen(null)}
        onSubmit={(v) => submit(open as Action, v)}
        testId="case-action-modal"
      >
        {() => open?.fields}
      </FormModal>
    </>
  );
}

function ReferralFields({ vocab }: { vocab: Vocab }) {
  const m = useCasesT();
  const toType = Form.useWatch('toType');
  const req = { rules: [{ required: true, message: m.act.required }] };
  return (
    <>
      <Form.Item name="kind" label={m.ref.kind} {...req}>
        <Select options={vocab.options('kinds')} />
      </Form.Item>
      <Form.Item name="purpose" label={m.ref.purpose} {...req}>
        <Select options={vocab.options('purposes')} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="toType" label={m.ref.toType}>
        <Select
          options={[
            { value: 'agency', label: m.ref.toAgency },
            { value: 'unit', label: m.ref.toWard },
          ]}
        />
      </Form.Item>
      {toType === 'unit' ? (
        <Form.Item name="toUnitId" label={m.ref.toWard} {...req}>
          <UnitSelect kinds={['ward', 'commune']} />
        </Form.Item>
      ) : (
        <Form.Item name="toAgencyId" label={m.ref.toAgency} {...req}>
          <AgencySelect />
        </Form.Item>
      )}
      <Form.Item name="note" label={m.ref.note}>
        <Input.TextArea rows={3} maxLength={4000} showCount />
      </Form.Item>
      <Form.Item name="answerWithinHours" label={m.ref.answerWithin}>
        <InputNumber min={1} max={720} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="consentOverrideReason" label={m.ref.consentOverride} extra={m.ref.consentOverrideHint}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </>
  );
}
