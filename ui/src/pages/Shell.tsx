import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, type MenuProps, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useMe } from '../auth.js';
import { LangSwitch } from '../components.js';
import { useLang } from '../locale.js';
import { ADMIN, ADMIN_ROOT, MODULES, OVERVIEW } from '../modules.js';
import ComingSoon from './ComingSoon.js';
import Overview from './Overview.js';

const Account = lazy(() => import('./Account.js'));
const Units = lazy(() => import('./admin/Units.js'));
const Agencies = lazy(() => import('./admin/Agencies.js'));
const Schools = lazy(() => import('./admin/Schools.js'));
const Users = lazy(() => import('./admin/Users.js'));
const Tokens = lazy(() => import('./admin/Tokens.js'));
const Audit = lazy(() => import('./admin/Audit.js'));

const ADMIN_PAGES = {
  '/admin/units': Units,
  '/admin/agencies': Agencies,
  '/admin/schools': Schools,
  '/admin/users': Users,
  '/admin/tokens': Tokens,
  '/admin/audit': Audit,
} as const;

export default function Shell() {
  const { t } = useLang();
  const me = useMe();
  const { logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const isAdmin = me.role === 'system_admin';
  const [collapsed, setCollapsed] = useState(false);
  const [openKeys, setOpenKeys] = useState<string[]>(location.pathname.startsWith('/admin') ? [ADMIN_ROOT.key] : []);

  useEffect(() => {
    if (location.pathname.startsWith('/admin')) setOpenKeys((k) => (k.includes(ADMIN_ROOT.key) ? k : [...k, ADMIN_ROOT.key]));
  }, [location.pathname]);

  const items = useMemo<MenuProps['items']>(() => {
    const link = (e: { path: string; icon: React.ReactNode; label: (m: typeof t) => string }) => ({
      key: e.path,
      icon: e.icon,
      label: <Link to={e.path}>{e.label(t)}</Link>,
    });
    const out: NonNullable<MenuProps['items']> = [link(OVERVIEW), ...MODULES.map(link)];
    if (isAdmin) out.push({ key: ADMIN_ROOT.key, icon: ADMIN_ROOT.icon, label: ADMIN_ROOT.label(t), children: ADMIN.map(link) });
    return out;
  }, [t, isAdmin]);

  const known = [OVERVIEW, ...MODULES, ...(isAdmin ? ADMIN : [])].map((e) => e.path);
  const selected = known.find((p) => p === location.pathname || (p !== '/' && location.pathname.startsWith(`${p}/`)));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <Layout.Sider breakpoint="lg" collapsible collapsed={collapsed} onCollapse={setCollapsed} width={260} theme="dark" trigger={null}>
        <Link to="/" className="side-brand" aria-label={`${t.app.name} — ${t.menu.overview}`}>
          <img src="/console/favicon.svg" alt="" width={28} height={28} />
          {collapsed ? null : <span>{t.app.name}</span>}
        </Link>
        <nav aria-label={t.menu.mainNav}>
          <Menu
            theme="dark"
            mode="inline"
            items={items}
            selectedKeys={selected ? [selected] : []}
            openKeys={collapsed ? undefined : openKeys}
            onOpenChange={(keys) => setOpenKeys(keys as string[])}
            data-testid="side-menu"
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <div className="header-left">
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
              aria-label={collapsed ? t.menu.expand : t.menu.collapse}
              aria-expanded={!collapsed}
            />
            <Typography.Text className="header-title">{t.app.console}</Typography.Text>
          </div>
          <div className="header-right">
            <span className="header-user">
              <UserOutlined aria-hidden />
              <strong data-testid="user-name">{me.displayName}</strong>
              <Tag color="blue" data-testid="user-role">
                {t.roles[me.role]}
              </Tag>
            </span>
            <LangSwitch size="small" />
            <Button type="text" icon={<SettingOutlined />} onClick={() => navigate('/account')} data-testid="account">
              {t.menu.account}
            </Button>
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
              {t.menu.logout}
            </Button>
          </div>
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} className="app-content">
          <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>
            <Routes>
              <Route index element={<Overview />} />
              {MODULES.map((m) => (
                <Route key={m.path} path={m.path} element={<ComingSoon title={m.label(t)} icon={m.icon} />} />
              ))}
              <Route path="/account" element={<Account />} />
              {isAdmin ? Object.entries(ADMIN_PAGES).map(([path, Page]) => <Route key={path} path={path} element={<Page />} />) : null}
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </Layout.Content>
        <Layout.Footer className="app-footer">
          {t.app.name} · {t.app.hotline}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
