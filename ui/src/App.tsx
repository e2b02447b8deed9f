import { Spin } from 'antd';
import { BrowserRouter } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth.js';
import { LangProvider, useLang } from './locale.js';
import LoginPage from './pages/Login.js';
import Shell from './pages/Shell.js';

/** With the trailing slash, the overview's address is /console/, the one the server redirects to. */
export const BASENAME = '/console/';

function Gate() {
  const { me } = useAuth();
  const { t } = useLang();
  if (me === undefined) return <Spin fullscreen description={t.common.loading} />;
  return me ? <Shell /> : <LoginPage />;
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
