import { LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { type Drawer as AntDrawer, Button, Dropdown, Layout, Menu, type MenuProps } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AntdRoot } from '../antd-root.js';
import { useAuth, useMe } from '../auth.js';
import { LangSwitch } from '../lang-switch.js';
import { useLang } from '../locale.js';
import { ADMIN, ADMIN_ROOT, canSee, MODULES, type NavEntry, OVERVIEW } from '../modules.js';
import { useHomeT } from './home/i18n.js';
import { PageErrorBoundary } from './home/PageError.js';
import { useIdle } from './home/use-idle.js';
import { useWide } from './home/use-wide.js';

const Overview = lazy(() => import('./Overview.js'));
// the refusals show antd's Result with its pictures: loaded when one is shown, not with the shell
const NoAccess = lazy(async () => ({ default: (await import('./home/NoAccess.js')).NoAccess }));
const NotFound = lazy(async () => ({ default: (await import('./home/NoAccess.js')).NotFound }));
const PageHost = lazy(() => import('./home/PageHost.js'));
// the phone's menu drawer (antd's Drawer): its code loads once the page has been shown, or at the first tap
const Drawer = lazy(async () => {
  // antd's files are ES modules in a package not marked as such: the compiler sees a namespace where the
  // bundler hands over the default export
  const m = (await import('antd/es/drawer/index.js')) as unknown as { default: typeof AntDrawer };
  return { default: m.default };
});
// lazy too: it shows the shared page title, and components.tsx (tables, pickers) should not ride in the shell's chunk

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
const FilterFleet = lazy(() => import('./fleet/Fleet.js'));
const DetectQueue = lazy(() => import('./detect/Queue.js'));
const DetectItem = lazy(() => import('./detect/ItemDetail.js'));
const DetectTakedowns = lazy(() => import('./detect/Takedowns.js'));
const DetectBanks = lazy(() => import('./detect/Banks.js'));
const DetectOverview = lazy(() => import('./detect/Overview.js'));
const CaseList = lazy(() => import('./cases/CaseList.js'));
const CasePage = lazy(() => import('./cases/CasePage.js'));
const CaseHandovers = lazy(() => import('./cases/Handovers.js'));
const CaseReferrals = lazy(() => import('./cases/Referrals.js'));
const CaseTasks = lazy(() => import('./cases/Tasks.js'));
const CaseOverdue = lazy(() => import('./cases/Overdue.js'));
const CaseCaseload = lazy(() => import('./cases/Caseload.js'));
const IndicatorsPage = lazy(() => import('./indicators/Indicators.js'));
const IndicatorReports = lazy(() => import('./indicators/Reports.js'));
const ProgrammeSessions = lazy(() => import('./programmes/Sessions.js'));
const ProgrammeImport = lazy(() => import('./programmes/Import.js'));
const ProgrammeTrainings = lazy(() => import('./programmes/Trainings.js'));
const ProgrammeOutreach = lazy(() => import('./programmes/Outreach.js'));
const ProgrammeSafety = lazy(() => import('./programmes/Safety.js'));
const ProgrammeCoverage = lazy(() => import('./programmes/Coverage.js'));

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
  '/school-filter/fleet': () => <FilterFleet />,
  '/detection': () => <DetectQueue />,
  '/detection/takedowns': () => <DetectTakedowns />,
  '/detection/banks': () => <DetectBanks />,
  '/detection/overview': () => <DetectOverview />,
  '/indicators': () => <IndicatorsPage />,
  '/indicators/reports': () => <IndicatorReports />,
  '/cases': () => <CaseList />,
  '/cases/handovers': () => <CaseHandovers />,
  '/cases/referrals': () => <CaseReferrals />,
  '/cases/tasks': () => <CaseTasks />,
  '/cases/overdue': () => <CaseOverdue />,
  '/cases/caseload': () => <CaseCaseload />,
  '/programmes': () => <ProgrammeSessions />,
  '/programmes/import': () => <ProgrammeImport />,
  '/programmes/trainings': () => <ProgrammeTrainings />,
  '/programmes/outreach': () => <ProgrammeOutreach />,
  '/programmes/safety': () => <ProgrammeSafety />,
  '/programmes/coverage': () => <ProgrammeCoverage />,
};

const ADMIN_PAGES = {
  '/admin/units': Units,
  '/admin/agencies': Agencies,
  '/admin/schools': Schools,
  '/admin/users': Users,
  '/admin/tokens': Tokens,
  '/admin/audit': Audit,
} as const;

/** The signed-in console: antd's theme and texts around the menu, the header and the page. */
export default function Shell() {
  return (
    <AntdRoot>
      <ShellLayout />
    </AntdRoot>
  );
}

function ShellLayout() {
  const { t } = useLang();
  const me = useMe();
  const { logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  // the administrators' pages this account's abilities open; the group is left out when none
  const adminPages = useMemo(() => ADMIN.filter((e) => canSee(e, me)), [me]);
  const [collapsed, setCollapsed] = useState(false);
  const h = useHomeT();
  // Below antd's lg breakpoint (992 px) the menu lives in a drawer and the header keeps to one row.
  const wide = useWide();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // the bell's code and its poll wait until the page itself has been shown
  const idle = useIdle();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a followed link closes the drawer
  useEffect(() => setDrawerOpen(false), [location.pathname]);
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
  // Every page the console has, whoever may see it: one this account may not open says so (never a silent redirect).
  const allPages = [...MODULES.flatMap((m) => m.children ?? []), ...ADMIN].map((e) => e.path);
  const hidden = allPages.filter((p) => !known.includes(p));
  const menu = (
    <nav aria-label={t.menu.mainNav}>
      <Menu
        theme="dark"
        mode="inline"
        items={items}
        selectedKeys={selected ? [selected] : []}
        openKeys={wide && collapsed ? undefined : openKeys}
        onOpenChange={(keys) => setOpenKeys(keys as string[])}
        data-testid="side-menu"
      />
    </nav>
  );
  const brand = (
    <Link to="/" className="side-brand" aria-label={`${t.app.name} — ${t.menu.overview}`}>
      <img src="/console/favicon.svg" alt="" width={28} height={28} />
      {wide && collapsed ? null : <span>{t.app.name}</span>}
    </Link>
  );
  const userMenu: MenuProps['items'] = [
    { key: 'who', label: <span data-testid="user-role-phone">{`${me.displayName} · ${t.roles[me.role]}`}</span>, disabled: true },
    { type: 'divider' },
    { key: 'account', icon: <SettingOutlined />, label: t.menu.account, onClick: () => navigate('/account') },
    { key: 'logout', icon: <LogoutOutlined />, label: t.menu.logout, onClick: () => void logout() },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      {wide ? (
        <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={260} theme="dark" trigger={null}>
          {brand}
          {menu}
        </Layout.Sider>
      ) : idle || drawerOpen ? (
        <Suspense fallback={null}>
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={280}
            closable={false}
            className="nav-drawer"
            styles={{ body: { padding: 0, background: '#001529' } }}
            data-testid="nav-drawer"
          >
            {brand}
            {menu}
            <div className="drawer-lang">
              <LangSwitch size="small" />
            </div>
          </Drawer>
        </Suspense>
      ) : null}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className={wide ? 'app-header' : 'app-header app-header-phone'}>
          <div className="header-left">
            {wide ? (
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed((c) => !c)}
                aria-label={collapsed ? t.menu.expand : t.menu.collapse}
                aria-expanded={!collapsed}
              />
            ) : (
              <Button
                type="text"
                icon={<MenuOutlined />}
                onClick={() => setDrawerOpen(true)}
                aria-label={h.menu}
                aria-expanded={drawerOpen}
                data-testid="open-menu"
              />
            )}
            <span className="header-title">{wide ? t.app.console : t.app.name}</span>
          </div>
          <div className="header-right">
            {wide ? (
              <span className="header-user">
                <UserOutlined aria-hidden />
                <strong data-testid="user-name">{me.displayName}</strong>
                <span className="tag tag-blue" data-testid="user-role">
                  {t.roles[me.role]}
                </span>
              </span>
            ) : null}
            {canReadReports && idle ? (
              <Suspense fallback={null}>
                <NotificationBell />
              </Suspense>
            ) : null}
            {wide ? (
              <>
                <LangSwitch size="small" />
                <Button type="text" icon={<SettingOutlined />} onClick={() => navigate('/account')} data-testid="account">
                  {t.menu.account}
                </Button>
                <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
                  {t.menu.logout}
                </Button>
              </>
            ) : (
              <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
                <Button type="text" icon={<UserOutlined />} aria-label={h.userMenu} data-testid="user-menu">
                  <span className="sr-only" data-testid="user-name">
                    {me.displayName}
                  </span>
                </Button>
              </Dropdown>
            )}
          </div>
        </Layout.Header>
        {/* data-path: the address whose page is on screen; while the next page's code loads, React keeps
            the previous page, and this still names it (the browser tests wait for it to match) */}
        <Layout.Content id="main" tabIndex={-1} className="app-content" data-path={location.pathname}>
          <PageErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<span className="spinner page-spinner" role="status" aria-label={t.common.loading} />}>
              <Routes>
                <Route index element={<Overview />} />
                <Route element={<PageHost />}>
                  {pages.map((p) => {
                    const Page = MODULE_PAGES[p.path];
                    return Page ? <Route key={p.path} path={p.path} element={<Page />} /> : null;
                  })}
                  <Route path="/reports/:id" element={canReadReports ? <ReportDetail /> : <NoAccess />} />
                  <Route path="/detection/items/:id" element={canReadDetection ? <DetectItem /> : <NoAccess />} />
                  <Route path="/cases/:id" element={pages.some((p) => p.path === '/cases') ? <CasePage /> : <NoAccess />} />
                  <Route path="/indicators/wards/:unitId" element={pages.some((p) => p.path === '/indicators') ? <IndicatorsPage /> : <NoAccess />} />
                  <Route path="/indicators/schools/:schoolId" element={pages.some((p) => p.path === '/indicators') ? <IndicatorsPage /> : <NoAccess />} />
                  <Route path="/account" element={<Account />} />
                  {adminPages.map((e) => {
                    const Page = ADMIN_PAGES[e.path as keyof typeof ADMIN_PAGES];
                    return Page ? <Route key={e.path} path={e.path} element={<Page />} /> : null;
                  })}
                  {hidden.map((p) => (
                    <Route key={p} path={p} element={<NoAccess />} />
                  ))}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </PageErrorBoundary>
        </Layout.Content>
        <Layout.Footer className="app-footer">
          {t.app.name} · {t.app.hotline}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
