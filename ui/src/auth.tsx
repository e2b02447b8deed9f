import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, onUnauthorized, setCsrfToken } from './api.js';
import { hasStoredLang } from './i18n.js';
import { useLang } from './locale.js';
import { clearLookups } from './lookups.js';
import type { Me, Session } from './types.js';

export interface Credentials {
  username: string;
  password: string;
  totp?: string;
}

interface AuthContextValue {
  /** undefined while the first /auth/me is in flight, null when signed out */
  me: Me | null | undefined;
  login: (c: Credentials) => Promise<void>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  /** True after the server dropped a signed-in session (expiry, sign-out elsewhere): the sign-in page says so. */
  expired: boolean;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const { setLang } = useLang();

  const accept = useCallback(
    (s: Session) => {
      setCsrfToken(s.csrfToken);
      setExpired(false);
      setMe(s.user);
      if (!hasStoredLang() && (s.user.locale === 'en' || s.user.locale === 'vi')) setLang(s.user.locale);
    },
    [setLang],
  );

  const signedOut = useCallback(() => {
    setCsrfToken(null);
    clearLookups();
    setMe(null);
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.get<Session>('/auth/me'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) signedOut();
      else throw e;
    }
  }, [accept, signedOut]);

  const meRef = useRef(me);
  meRef.current = me;
  useEffect(() => {
    onUnauthorized(() => {
      if (meRef.current) setExpired(true);
      signedOut();
    });
    return () => onUnauthorized(null);
  }, [signedOut]);

  // Ask once whether a session cookie is still good; a network failure shows the login page. The
  // platform marks the page it sends without a session cookie (ui/vite.config.ts): then nobody is
  // signed in and the question, answered 401, is not asked.
  const probed = useRef(false);
  useEffect(() => {
    if (probed.current) return;
    probed.current = true;
    if (document.querySelector('meta[name="lachan-session"][content="none"]')) setMe(null);
    else refresh().catch(() => setMe(null));
  }, [refresh]);

  const login = useCallback(
    async (c: Credentials) => {
      accept(await api.post<Session>('/auth/login', c));
    },
    [accept],
  );

  const navigate = useNavigate();
  /** Signs out, then shows the sign-in page at the console's root (a lost session keeps its address instead). */
  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch {
      // the session is dropped locally either way
    }
    signedOut();
    navigate('/', { replace: true });
  }, [signedOut, navigate]);

  const value = useMemo(() => ({ me, login, logout, refresh, expired }), [me, login, logout, refresh, expired]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user; only for pages rendered inside the shell. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe while signed out');
  return me;
}
