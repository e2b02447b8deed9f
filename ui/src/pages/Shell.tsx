import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, type MenuProps, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useMe } from '../auth.js';
import { LangSwitch } from '../lang-switch.js';
import { useLang } from '../locale.js';
import { ADMIN, ADMIN_ROOT, canSee, MODULES, type NavEntry, OVERVIEW } from '../modules.js';
import ComingSoon from './ComingSoon.js';
import Overview from './Overview.js';

const Account = lazy(() => import('./Account.js'));
const Units = lazy(() => import('./admin/Units.js'));
const Agencies = lazy(() => import('./admin/Agencies.js'));
const Schools = lazy(() => import('./admin/Schools.js'));
const Users = lazy(() => import('./admin/Users.js'));
const Tokens = lazy(() => import('./admin/Tokens.js'));
const Audit = lazy(() => import('./admin/Audit.js'));

const ReportQueue = lazy(() => import('./intake/Queue.js'));
const ReportDetail = lazy(() => import('./intake/ReportDetail.js'));
const IntakeRules = lazy(() => import('./intake/Rules.js'));
const NotificationBell = lazy(() => import('./intake/NotificationBell.js'));
const FilterBands = lazy(() => import('./filter/Bands.js'));
const FilterLists = lazy(() => import('./filter/Lists.js'));
const FilterNetworks = lazy(() => import('./filter/Networks.js'));
const FilterCheck = lazy(() => import('./filter/Check.js'));
const FilterStats = lazy(() => import('./filter/Stats.js'));
const FilterReviews = lazy(() => import('./filter/Reviews.js'));
const FilterLive = lazy(() => import('./filter/LiveQueries.js'));
const FilterGuard = lazy(() => import('./filter/Guard.js'));
const FilterHeld = lazy(() => import('./filter/Held.js'));
const DetectQueue = lazy(() => import('./detect/Queue.js'));
const DetectItem = lazy(() => import('./detect/ItemDetail.js'));
const DetectTakedowns = lazy(() => import('./detect/Takedowns.js'));
const DetectBanks = lazy(() => import('./detect/Banks.js'));
const DetectOverview = lazy(() => import('./detect/Overview.js'));

/** The pages of landed modules, by the path of their menu entry (modules.tsx). */
const MODULE_PAGES: Record<string, () => React.ReactNode> = {
  '/reports': () => <ReportQueue />,
  '/reports/overdue': () => <ReportQueue overdueList key="overdue" />,
  '/reports/rules': () => <IntakeRules />,
  '/school-filter': () => <FilterBands />,
  '/school-filter/lists': () => <FilterLists />,
  '/school-filter/networks': () => <FilterNetworks />,
  '/school-filter/check': () => <FilterCheck />,
  '/school-filter/stats': () => <FilterStats />,
  '/school-filter/reviews': () => <FilterReviews />,
  '/school-filter/live': () => <FilterLive />,
  '/school-filter/guard': () => <FilterGuard />,
  '/school-filter/held': () => <FilterHeld />,
  '/detection': () => <DetectQueue />,
  '/detection/takedowns': () => <DetectTakedowns />,
  '/detection/banks': () => <DetectBanks />,
  '/detection/overview': () => <DetectOverview />,
};

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
  // the administrators' pages this account's abilities open; the group is left out when none
  const adminPages = useMemo(() => ADMIN.filter((e) => canSee(e, me)), [me]);
  const [collapsed, setCollapsed] = useState(false);
  // Landed modules show the pages this role may open; a module with none is left out of the menu.
  const modules = useMemo(
    () =>
      MODULES.map((m) => (m.children ? { ...m, children: m.children.filter((c) => canSee(c, me)) } : m)).filter(
        (m) => canSee(m, me) && (!m.children || m.children.length > 0),
      ),
    [me],
  );
  const groupOf = (path: string): string | null => {
    if (path.startsWith('/admin')) return ADMIN_ROOT.key;
    const m = modules.find((x) => x.children && (path === x.path || path.startsWith(`${x.path}/`)));
    return m ? `group:${m.path}` : null;
  };
  const [openKeys, setOpenKeys] = useState<string[]>(() => {
    const g = groupOf(location.pathname);
    return g ? [g] : [];
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: groupOf reads the same modules
  useEffect(() => {
    const g = groupOf(location.pathname);
    if (g) setOpenKeys((k) => (k.includes(g) ? k : [...k, g]));
  }, [location.pathname, modules]);

  const items = useMemo<MenuProps['items']>(() => {
    const link = (e: NavEntry) => ({
      key: e.path,
      icon: e.icon,
      label: (
        <Link to={e.path}>
          {e.label(t)}
          {e.badge ? <e.badge /> : null}
        </Link>
      ),
    });
    const out: NonNullable<MenuProps['items']> = [
      link(OVERVIEW),
      ...modules.map((m) => (m.children ? { key: `group:${m.path}`, icon: m.icon, label: m.label(t), children: m.children.map(link) } : link(m))),
    ];
    if (adminPages.length > 0) out.push({ key: ADMIN_ROOT.key, icon: ADMIN_ROOT.icon, label: ADMIN_ROOT.label(t), children: adminPages.map(link) });
    return out;
  }, [t, adminPages, modules]);

  const pages = modules.flatMap((m) => m.children ?? []);
  const known = [OVERVIEW, ...modules.flatMap((m) => m.children ?? [m]), ...adminPages].map((e) => e.path);
  // the longest entry that holds the address: /reports/<id> selects the queue, /reports/rules the rules
  const selected = known.filter((p) => p === location.pathname || (p !== '/' && location.pathname.startsWith(`${p}/`))).sort((a, b) => b.length - a.length)[0];
  const canReadReports = pages.some((p) => p.path === '/reports');
  const canReadDetection = pages.some((p) => p.path === '/detection');

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
            {canReadReports ? (
              <Suspense fallback={null}>
                <NotificationBell />
              </Suspense>
            ) : null}
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
              {modules
                .filter((m) => !m.children)
                .map((m) => (
                  <Route key={m.path} path={m.path} element={<ComingSoon title={m.label(t)} icon={m.icon} />} />
                ))}
              {pages.map((p) => {
                const Page = MODULE_PAGES[p.path];
                return Page ? <Route key={p.path} path={p.path} element={<Page />} /> : null;
              })}
              {canReadReports ? <Route path="/reports/:id" element={<ReportDetail />} /> : null}
              {canReadDetection ? <Route path="/detection/items/:id" element={<DetectItem />} /> : null}
              <Route path="/account" element={<Account />} />
              {adminPages.map((e) => {
                const Page = ADMIN_PAGES[e.path as keyof typeof ADMIN_PAGES];
                return Page ? <Route key={e.path} path={e.path} element={<Page />} /> : null;
              })}
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
