import { LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useMe } from '../auth.js';
import { LangSwitch } from '../lang-switch.js';
import { useLang } from '../locale.js';
import { ADMIN, ADMIN_ROOT, canSee, MODULES, OVERVIEW } from '../modules.js';
import { useHomeT } from './home/i18n.js';
import { NavDrawer } from './home/NavDrawer.js';
import { PageErrorBoundary } from './home/PageError.js';
import { type MenuRow, SideMenu } from './home/SideMenu.js';
import { UserMenu } from './home/UserMenu.js';
import { useIdle } from './home/use-idle.js';
import { useWide } from './home/use-wide.js';
import { lazyWithAntd } from './home/with-antd.js';

const Overview = lazy(() => import('./Overview.js'));
// the refusals show antd's Result with its pictures: loaded when one is shown, not with the shell
const NoAccess = lazy(async () => ({ default: (await import('./home/NoAccess.js')).NoAccess }));
const NotFound = lazy(async () => ({ default: (await import('./home/NoAccess.js')).NotFound }));
const PageHost = lazy(() => import('./home/PageHost.js'));

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
// the bell is antd's (Badge, Popover): it brings antd's theme along, after the page has been shown
const NotificationBell = lazyWithAntd(() => import('./intake/NotificationBell.js'));
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

/**
 * The signed-in console: the menu, the header and the page. The frame is plain HTML and CSS (styles.css)
 * so the home page shows before antd has downloaded; antd's theme and texts come with the first page
 * that uses antd (home/PageHost.tsx).
 */
export default function Shell() {
  const { t } = useLang();
  const me = useMe();
  const { logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  // the administrators' pages this account's abilities open; the group is left out when none
  const adminPages = useMemo(() => ADMIN.filter((e) => canSee(e, me)), [me]);
  const [collapsed, setCollapsed] = useState(false);
  const h = useHomeT();
  // Below 992 px the menu lives in a drawer and the header keeps to one row.
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

  const rows = useMemo<MenuRow[]>(() => {
    const out: MenuRow[] = [
      { kind: 'link', entry: OVERVIEW },
      ...modules.map(
        (m): MenuRow =>
          m.children ? { kind: 'group', key: `group:${m.path}`, icon: m.icon, label: m.label(t), children: m.children } : { kind: 'link', entry: m },
      ),
    ];
    if (adminPages.length > 0) out.push({ kind: 'group', key: ADMIN_ROOT.key, icon: ADMIN_ROOT.icon, label: ADMIN_ROOT.label(t), children: adminPages });
    return out;
  }, [t, adminPages, modules]);

  const pages = modules.flatMap((m) => m.children ?? []);
  const entries = [OVERVIEW, ...modules.flatMap((m) => m.children ?? [m]), ...adminPages];
  const known = entries.map((e) => e.path);
  // the longest entry that holds the address: /reports/<id> selects the queue, /reports/rules the rules
  const selected = known.filter((p) => p === location.pathname || (p !== '/' && location.pathname.startsWith(`${p}/`))).sort((a, b) => b.length - a.length)[0];
  const canReadReports = pages.some((p) => p.path === '/reports');
  const canReadDetection = pages.some((p) => p.path === '/detection');
  // Every page the console has, whoever may see it: one this account may not open says so (never a silent redirect).
  const allPages = [...MODULES.flatMap((m) => m.children ?? []), ...ADMIN].map((e) => e.path);
  const hidden = allPages.filter((p) => !known.includes(p));
  // the header names the page on screen (its menu entry), else the product
  const selectedEntry = entries.find((e) => e.path === selected);
  const title = selectedEntry ? selectedEntry.label(t) : location.pathname === '/account' ? t.menu.account : t.app.name;
  const toggleGroup = (key: string) => {
    // folded, a group's icon unfolds the bar with that group open
    if (wide && collapsed) {
      setCollapsed(false);
      setOpenKeys((k) => (k.includes(key) ? k : [...k, key]));
      return;
    }
    setOpenKeys((k) => (k.includes(key) ? k.filter((x) => x !== key) : [...k, key]));
  };
  const folded = wide && collapsed;
  const menu = (
    <nav aria-label={t.menu.mainNav}>
      <SideMenu rows={rows} selected={selected} openKeys={openKeys} onToggle={toggleGroup} collapsed={folded} />
    </nav>
  );
  const brand = (
    <Link to="/" className="side-brand" aria-label={`${t.app.name} — ${t.menu.overview}`}>
      <img src="/console/favicon.svg" alt="" width={28} height={28} />
      {folded ? null : <span>{t.app.name}</span>}
    </Link>
  );

  return (
    <div className="app-frame">
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      {wide ? (
        <aside className={folded ? 'app-sider app-sider-folded' : 'app-sider'}>
          {brand}
          {menu}
        </aside>
      ) : (
        <NavDrawer open={drawerOpen} onClose={() => setDrawerOpen(false)} label={t.menu.mainNav}>
          {brand}
          {menu}
          <div className="drawer-lang">
            <LangSwitch size="small" />
          </div>
        </NavDrawer>
      )}
      <div className="app-main">
        <header className={wide ? 'app-header' : 'app-header app-header-phone'}>
          <div className="header-left">
            {wide ? (
              <button
                type="button"
                className="icon-btn"
                onClick={() => setCollapsed((c) => !c)}
                aria-label={collapsed ? t.menu.expand : t.menu.collapse}
                aria-expanded={!collapsed}
              >
                {collapsed ? <MenuUnfoldOutlined aria-hidden /> : <MenuFoldOutlined aria-hidden />}
              </button>
            ) : (
              <button
                type="button"
                className="icon-btn"
                onClick={() => setDrawerOpen(true)}
                aria-label={h.menu}
                aria-expanded={drawerOpen}
                data-testid="open-menu"
              >
                <MenuOutlined aria-hidden />
              </button>
            )}
            <span className="header-title" data-testid="header-title">
              {title}
            </span>
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
                <button type="button" className="text-btn" onClick={() => navigate('/account')} data-testid="account">
                  <SettingOutlined aria-hidden /> {t.menu.account}
                </button>
                <button type="button" className="text-btn" onClick={() => void logout()} data-testid="logout">
                  <LogoutOutlined aria-hidden /> {t.menu.logout}
                </button>
              </>
            ) : (
              <UserMenu
                who={`${me.displayName} · ${t.roles[me.role]}`}
                name={me.displayName}
                label={h.userMenu}
                accountLabel={t.menu.account}
                logoutLabel={t.menu.logout}
                onAccount={() => navigate('/account')}
                onLogout={() => void logout()}
              />
            )}
          </div>
        </header>
        {/* data-path: the address whose page is on screen; while the next page's code loads, React keeps
            the previous page, and this still names it (the browser tests wait for it to match) */}
        <main id="main" tabIndex={-1} className="app-content" data-path={location.pathname}>
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
        </main>
        <footer className="app-footer">
          {t.app.name} · {t.app.hotline}
        </footer>
      </div>
    </div>
  );
}
