import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth.js';
import { LangProvider, useLang } from './locale.js';

// Loaded on demand: the sign-in page does not pay for the shell's menu, and the shell not for the sign-in form.
// Both start loading at once, beside the session check (GET /auth/me), instead of one round trip after it:
// on a slow link each round trip costs more than the few kilobytes of the page not shown.
const loginModule = import('./pages/Login.js');
const shellModule = import('./pages/Shell.js');
const LoginPage = lazy(() => loginModule);
const Shell = lazy(() => shellModule);

/** With the trailing slash, the overview's address is /console/, the one the server redirects to. */
export const BASENAME = '/console/';

function Gate() {
  const { me } = useAuth();
  const { t } = useLang();
  const loading = <Spin fullscreen description={t.common.loading} />;
  if (me === undefined) return loading;
  return <Suspense fallback={loading}>{me ? <Shell /> : <LoginPage />}</Suspense>;
}

export default function App() {
  return (
    <LangProvider>
      <BrowserRouter basename={BASENAME}>
        <AuthProvider>
          <Gate />
        </AuthProvider>
      </BrowserRouter>
    </LangProvider>
  );
}
