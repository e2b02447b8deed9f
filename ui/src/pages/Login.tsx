import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api.js';
import { useAuth } from '../auth.js';
import { LangSwitch } from '../lang-switch.js';
import { useLang } from '../locale.js';

interface LoginForm {
  username: string;
  password: string;
  totp?: string;
}

export default function LoginPage() {
  const { t } = useLang();
  const { login } = useAuth();
  const [form] = Form.useForm<LoginForm>();
  const [needTotp, setNeedTotp] = useState(false);
  const [notice, setNotice] = useState<{ type: 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<{ focus: () => void } | null>(null);

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  const submit = async (v: LoginForm) => {
    setBusy(true);
    setNotice(null);
    try {
      await login({ username: v.username.trim(), password: v.password, ...(needTotp && v.totp ? { totp: v.totp } : {}) });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setNeedTotp(true);
        setNotice({ type: 'info', text: e.message });
      } else {
        if (e instanceof ApiError && e.code === 'totp_invalid') form.setFieldValue('totp', '');
        setNotice({ type: 'error', text: errorMessage(e) });
      }
      setBusy(false);
    }
  };

  const back = () => {
    setNeedTotp(false);
    setNotice(null);
    form.setFieldsValue({ totp: '', password: '' });
  };

  return (
    <main className="login-page">
      <div className="login-lang">
        <LangSwitch />
      </div>
      <Card className="login-card" data-testid="login-page">
        <div className="brand">
          <img src="/console/favicon.svg" alt="" width={40} height={40} />
          <div>
            <div className="brand-name">{t.app.name}</div>
            <div className="brand-tagline">{t.app.tagline}</div>
          </div>
        </div>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>
          {t.login.title}
        </Typography.Title>
        {notice ? (
          <Alert type={notice.type} showIcon title={notice.text} style={{ marginBottom: 16 }} role={notice.type === 'error' ? 'alert' : 'status'} />
        ) : null}
        <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
          <Form.Item name="username" label={t.login.username} rules={[{ required: true, message: t.common.required(t.login.username) }]} hidden={needTotp}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t.login.password} rules={[{ required: true, message: t.common.required(t.login.password) }]} hidden={needTotp}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          {needTotp ? (
            <Form.Item
              name="totp"
              label={t.login.totp}
              extra={t.login.totpHelp}
              rules={[
                { required: true, message: t.common.required(t.login.totp) },
                { pattern: /^\d{6}$/, message: t.login.totpFormat },
              ]}
              normalize={(v: string | undefined) => (v ?? '').replace(/\D/g, '').slice(0, 6)}
            >
              <Input
                ref={(el) => {
                  totpRef.current = el;
                }}
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                size="large"
                data-testid="totp"
              />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t.login.submit}
          </Button>
          {needTotp ? (
            <Button type="link" block onClick={back} style={{ marginTop: 8 }}>
              {t.login.back}
            </Button>
          ) : null}
        </Form>
      </Card>
      <p className="login-footer">{t.app.hotline}</p>
    </main>
  );
}
