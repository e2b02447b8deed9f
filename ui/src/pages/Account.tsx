import { Alert, App, Button, Card, Descriptions, Form, Input, QRCode, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../api.js';
import { useAuth, useMe } from '../auth.js';
import { PageTitle, PasswordFields } from '../components.js';
import { useLang } from '../locale.js';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function Account() {
  const { t } = useLang();
  const me = useMe();
  return (
    <>
      <PageTitle>{t.account.title}</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card title={t.account.profile}>
          <Descriptions
            column={1}
            items={[
              { key: 'u', label: t.overview.username, children: me.username },
              { key: 'n', label: t.account.displayName, children: me.displayName },
              { key: 'r', label: t.overview.role, children: t.roles[me.role] },
            ]}
          />
        </Card>
        <ChangePassword />
        <TwoFactor />
      </Space>
    </>
  );
}

function ChangePassword() {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: PasswordForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      void message.success(t.account.passwordChanged);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t.account.changePassword}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 420 }} disabled={busy}>
        <Form.Item name="currentPassword" label={t.account.currentPassword} rules={[{ required: true, message: t.common.required(t.account.currentPassword) }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <PasswordFields label={t.account.newPassword} name="newPassword" />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t.account.changePassword}
        </Button>
      </Form>
    </Card>
  );
}

function TwoFactor() {
  const { t } = useLang();
  const me = useMe();
  const { refresh } = useAuth();
  const { message } = App.useApp();
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ code: string }>();

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    run(async () => {
      setSetup(await api.post<{ secret: string; otpauthUri: string }>('/auth/totp/setup'));
      form.resetFields();
    });
  const enable = (v: { code: string }) =>
    run(async () => {
      await api.post('/auth/totp/enable', { code: v.code });
      setSetup(null);
      form.resetFields();
      await refresh();
      void message.success(t.account.enabled);
    });
  const disable = (v: { code: string }) =>
    run(async () => {
      await api.post('/auth/totp/disable', { code: v.code });
      form.resetFields();
      await refresh();
      void message.success(t.account.disabled);
    });

  const codeField = (
    <Form.Item
      name="code"
      label={t.account.code}
      rules={[
        { required: true, message: t.common.required(t.account.code) },
        { pattern: /^\d{6}$/, message: t.login.totpFormat },
      ]}
      normalize={(v: string | undefined) => (v ?? '').replace(/\D/g, '').slice(0, 6)}
    >
      <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ maxWidth: 200 }} />
    </Form.Item>
  );

  return (
    <Card title={t.account.twoFactor} extra={me.totpEnabled ? <Tag color="green">{t.overview.on}</Tag> : <Tag>{t.overview.off}</Tag>} data-testid="totp-card">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      {me.totpEnabled ? (
        <>
          <Typography.Paragraph>{t.account.twoFactorOn}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t.account.disableHint}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={disable} disabled={busy}>
            {codeField}
            <Button danger htmlType="submit" loading={busy}>
              {t.account.disable}
            </Button>
          </Form>
        </>
      ) : setup ? (
        <>
          <Typography.Paragraph>{t.account.setupSteps}</Typography.Paragraph>
          <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <QRCode value={setup.otpauthUri} size={180} aria-label={t.account.qr} />
            <Descriptions
              column={1}
              style={{ flex: '1 1 320px', minWidth: 0 }}
              items={[
                {
                  key: 's',
                  label: t.account.secret,
                  children: (
                    <Typography.Text code copyable data-testid="totp-secret">
                      {setup.secret}
                    </Typography.Text>
                  ),
                },
                {
                  key: 'u',
                  label: t.account.uri,
                  children: (
                    <Typography.Text copyable style={{ wordBreak: 'break-all' }} data-testid="totp-uri">
                      {setup.otpauthUri}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </div>
          <Form form={form} layout="vertical" onFinish={enable} disabled={busy} style={{ marginTop: 16 }}>
            {codeField}
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t.account.enable}
              </Button>
              <Button onClick={() => setSetup(null)}>{t.common.cancel}</Button>
            </Space>
          </Form>
        </>
      ) : (
        <>
          <Typography.Paragraph>{t.account.twoFactorOff}</Typography.Paragraph>
          <Button type="primary" onClick={() => void start()} loading={busy}>
            {t.account.setup}
          </Button>
        </>
      )}
    </Card>
  );
}
