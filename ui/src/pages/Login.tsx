import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api.js';
import { useAuth } from '../auth.js';
import { LangSwitch } from '../lang-switch.js';
import { useLang } from '../locale.js';
import { loadShell } from '../shell-loader.js';

type Field = 'username' | 'password' | 'totp';
type Errors = Partial<Record<Field, string>>;

/**
 * The sign-in page, drawn with plain HTML and CSS (styles.css, "sign-in page"): the first thing a
 * phone on a slow link loads, so it carries no antd. Labels, required-field messages tied to their
 * inputs (aria-invalid, aria-describedby), the server's answer in an alert, and the 6-digit code
 * step for accounts with two-step verification.
 */
export default function LoginPage() {
  const { t } = useLang();
  const { login, expired } = useAuth();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '', totp: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [needTotp, setNeedTotp] = useState(false);
  const [notice, setNotice] = useState<{ type: 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const refs = { username: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null), totp: useRef<HTMLInputElement>(null) };

  useEffect(() => {
    if (needTotp) refs.totp.current?.focus();
  }, [needTotp, refs.totp]);

  const set = (field: Field, value: string) => {
    // the shell downloads while the user types; an error shows when it is needed, after sign-in
    loadShell().catch(() => undefined);
    setValues((v) => ({ ...v, [field]: field === 'totp' ? value.replace(/\D/g, '').slice(0, 6) : value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const check = (): Errors => {
    const out: Errors = {};
    if (needTotp) {
      if (!values.totp) out.totp = t.common.required(t.login.totp);
      else if (!/^\d{6}$/.test(values.totp)) out.totp = t.login.totpFormat;
    } else {
      if (!values.username.trim()) out.username = t.common.required(t.login.username);
      if (!values.password) out.password = t.common.required(t.login.password);
    }
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = check();
    setErrors(found);
    const first = (['username', 'password', 'totp'] as const).find((f) => found[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      await login({ username: values.username.trim(), password: values.password, ...(needTotp && values.totp ? { totp: values.totp } : {}) });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') {
        setNeedTotp(true);
        setNotice({ type: 'info', text: err.message });
      } else {
        if (err instanceof ApiError && err.code === 'totp_invalid') setValues((v) => ({ ...v, totp: '' }));
        setNotice({ type: 'error', text: errorMessage(err) });
      }
      setBusy(false);
    }
  };

  const back = () => {
    setNeedTotp(false);
    setNotice(null);
    setErrors({});
    setValues((v) => ({ ...v, totp: '', password: '' }));
  };

  const shown = notice ?? (expired ? { type: 'info' as const, text: t.common.sessionExpired } : null);
  const describedBy = (field: Field, extra?: string) => [errors[field] ? `login-${field}-error` : '', extra ?? ''].filter(Boolean).join(' ') || undefined;
  const error = (field: Field) =>
    errors[field] ? (
      <div id={`login-${field}-error`} className="field-error">
        {errors[field]}
      </div>
    ) : null;

  return (
    <main className="login-page">
      <div className="login-lang">
        <LangSwitch />
      </div>
      <div className="login-card" data-testid="login-page">
        <div className="brand">
          <img src="/console/favicon.svg" alt="" width={40} height={40} />
          <div>
            <div className="brand-name">{t.app.name}</div>
            <div className="brand-tagline">{t.app.tagline}</div>
          </div>
        </div>
        <h1 className="login-title">{t.login.title}</h1>
        {shown ? (
          <div className={`notice notice-${shown.type}`} role={shown.type === 'error' ? 'alert' : 'status'}>
            {shown.text}
          </div>
        ) : null}
        <form noValidate onSubmit={submit} aria-busy={busy}>
          <fieldset disabled={busy} className="login-fields">
            <div className="field" hidden={needTotp}>
              <label htmlFor="login-username">{t.login.username}</label>
              <input
                ref={refs.username}
                id="login-username"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                // biome-ignore lint/a11y/noAutofocus: the page has one job, and a keyboard user starts typing at once
                autoFocus
                value={values.username}
                onChange={(e) => set('username', e.target.value)}
                aria-invalid={errors.username ? true : undefined}
                aria-describedby={describedBy('username')}
              />
              {error('username')}
            </div>
            <div className="field" hidden={needTotp}>
              <label htmlFor="login-password">{t.login.password}</label>
              <div className="password-row">
                <input
                  ref={refs.password}
                  id="login-password"
                  name="password"
                  type={showPassword ? 'text' : 'password'}
                  autoComplete="current-password"
                  value={values.password}
                  onChange={(e) => set('password', e.target.value)}
                  aria-invalid={errors.password ? true : undefined}
                  aria-describedby={describedBy('password')}
                />
                <button type="button" className="reveal" aria-pressed={showPassword} onClick={() => setShowPassword((s) => !s)}>
                  {showPassword ? t.login.hidePassword : t.login.showPassword}
                </button>
              </div>
              {error('password')}
            </div>
            {needTotp ? (
              <div className="field">
                <label htmlFor="login-totp">{t.login.totp}</label>
                <input
                  ref={refs.totp}
                  id="login-totp"
                  name="totp"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  value={values.totp}
                  onChange={(e) => set('totp', e.target.value)}
                  aria-invalid={errors.totp ? true : undefined}
                  aria-describedby={describedBy('totp', 'login-totp-help')}
                  data-testid="totp"
                />
                <div id="login-totp-help" className="field-help">
                  {t.login.totpHelp}
                </div>
                {error('totp')}
              </div>
            ) : null}
            <button type="submit" className="btn-primary">
              {busy ? <span className="spinner" aria-hidden /> : null}
              {t.login.submit}
            </button>
            {needTotp ? (
              <button type="button" className="btn-link" onClick={back}>
                {t.login.back}
              </button>
            ) : null}
          </fieldset>
        </form>
      </div>
      <p className="login-footer">{t.app.hotline}</p>
    </main>
  );
}
