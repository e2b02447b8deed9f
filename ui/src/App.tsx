import { lazy, Suspense } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth.js';
import { LangProvider, useLang } from './locale.js';
import LoginPage from './pages/Login.js';
import { loadShell } from './shell-loader.js';

// The sign-in page is part of the entry (plain HTML and CSS, a few kilobytes); the shell, with antd,
// is loaded once someone is signed in, or starts loading as they type their password.
const Shell = lazy(loadShell);

/** With the trailing slash, the overview's address is /console/, the one the server redirects to. */
export const BASENAME = '/console/';

function Gate() {
  const { me } = useAuth();
  const { t } = useLang();
  // plain CSS (styles.css), not antd's Spin: antd is not loaded before the shell is
  const loading = (
    <div className="boot-loading" role="status">
      <span className="spinner" aria-hidden />
      <span>{t.common.loading}</span>
    </div>
  );
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
