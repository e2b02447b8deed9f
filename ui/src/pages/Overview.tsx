import { ReloadOutlined } from '@ant-design/icons';
import type { Static } from '@sinclair/typebox';
import dayjs from 'dayjs';
import { type ReactNode, Suspense, useEffect } from 'react';
import { Link } from 'react-router-dom';
import type { HomeCounts } from '../../../src/home/api-schemas.js';
import { api, errorMessage } from '../api.js';
import { useMe } from '../auth.js';
import { useLoad } from '../hooks.js';
import { useLang } from '../locale.js';
import { ADMIN, canSee, MODULES } from '../modules.js';
import type { Me, Role } from '../types.js';
import { useHomeT } from './home/i18n.js';
import { Targets } from './home/Targets.js';
import { Tile, type TileProps } from './home/Tile.js';
import { lazyWithAntd } from './home/with-antd.js';

// The home page is drawn with plain HTML and CSS (styles.css, "home page") and comes with the shell's
// first load; the review-request card, with antd's card and button, loads after it.
const ReviewCountCard = lazyWithAntd(() => import('./filter/review-count-card.js'));

type Home = Static<typeof HomeCounts>;
type SectionKey = 'targets' | 'reports' | 'cityReports' | 'handovers' | 'detection' | 'filter' | 'admin' | 'programmes';

/** Each role's own work first: a city leader the targets, an analyst the desk, a school its filter. */
const ORDER: Record<Role, readonly SectionKey[]> = {
  city_leader: ['targets', 'cityReports', 'filter'],
  intake_officer: ['reports', 'handovers', 'detection'],
  analyst: ['detection', 'filter', 'cityReports'],
  agency_officer: ['handovers', 'reports'],
  case_worker: ['handovers', 'reports'],
  school_admin: ['filter', 'programmes'],
  system_admin: ['admin', 'reports', 'detection', 'filter', 'handovers'],
};

/** Counts are live: asked again every minute while the page is open. */
const POLL_MS = 60_000;

const PAGES = [...MODULES.flatMap((m) => m.children ?? [m]), ...ADMIN];
/** The address when this account may open it, else undefined (the tile then shows the figure without a link). */
const linkFor = (me: Me, path: string): string | undefined => {
  const entry = PAGES.find((e) => e.path === path);
  return entry && canSee(entry, me) && (entry.path !== '/cases' || MODULES.some((m) => m.path === '/cases' && m.children)) ? path : undefined;
};

function sectionsOf(home: Home, me: Me, h: ReturnType<typeof useHomeT>): Partial<Record<SectionKey, TileProps[]>> {
  const to = (path: string) => linkFor(me, path);
  const out: Partial<Record<SectionKey, TileProps[]>> = {};
  const r = home.reports;
  if (r && me.abilities['reports.read']) {
    out.reports = [
      { id: 'reports-new', label: h.tiles.reportsNew, value: r.new, to: to('/reports') },
      { id: 'reports-p1', label: h.tiles.reportsP1, value: r.p1, to: to('/reports'), alarm: true },
      { id: 'reports-overdue', label: h.tiles.reportsOverdue, value: r.overdue, to: to('/reports/overdue'), alarm: true },
      { id: 'reports-open', label: h.tiles.reportsOpen, value: r.open, to: to('/reports') },
    ];
  } else if (r) {
    out.cityReports = [
      { id: 'reports-open', label: h.tiles.reportsOpen, value: r.open, hint: h.hints.cityOnly },
      { id: 'reports-p1', label: h.tiles.reportsP1, value: r.p1 },
      { id: 'reports-overdue', label: h.tiles.reportsOverdue, value: r.overdue, alarm: true },
    ];
  }
  if (home.handovers) out.handovers = [{ id: 'handovers-open', label: h.tiles.handoversOpen, value: home.handovers.open, to: to('/cases') }];
  const d = home.detection;
  if (d) {
    out.detection = [
      { id: 'items-to-decide', label: h.tiles.itemsToDecide, value: d.toDecide, to: to('/detection') },
      { id: 'items-failed', label: h.tiles.itemsFailed, value: d.failed, to: to('/detection'), alarm: true },
      { id: 'items-waiting', label: h.tiles.itemsWaiting, value: d.waiting, to: to('/detection') },
    ];
  }
  const f = home.filter;
  if (f) {
    const tiles: TileProps[] = [];
    // requests waiting for an answer: the review-count card above the tiles (it counts again after each answer)
    if (f.networks !== null)
      tiles.push({
        id: 'networks',
        label: h.tiles.networks,
        value: f.networks,
        to: to('/school-filter/networks'),
        hint: f.networks === 0 && me.role === 'school_admin' ? h.hints.noNetworks : undefined,
      });
    if (f.lookups24h !== null) tiles.push({ id: 'lookups', label: h.tiles.lookups24h, value: f.lookups24h, to: to('/school-filter/stats') });
    if (f.blocked24h !== null) tiles.push({ id: 'blocked', label: h.tiles.blocked24h, value: f.blocked24h, to: to('/school-filter/stats') });
    // issue 16: nodes silent for over 2 minutes or behind the centre; only for those who manage the fleet
    if (f.fleetNodesNeedingLook !== undefined)
      tiles.push({ id: 'fleet-needing-look', label: h.tiles.fleetNeedingLook, value: f.fleetNodesNeedingLook, to: to('/school-filter/fleet'), alarm: true });
    if (tiles.length) out.filter = tiles;
  }
  const p = home.programmes;
  if (p) {
    // the school's own coverage (issue 14 item 8): the period and N of the coverage page and the reminders
    const from = dayjs(p.from).format('DD/MM/YYYY');
    const to_ = dayjs(p.to).subtract(1, 'day').format('DD/MM/YYYY');
    const hint = (p.covered ? h.hints.programmeCovered : h.hints.programmeNotCovered)(p.minSessions, from, to_);
    out.programmes = [
      { id: 'programme-sessions', label: h.tiles.programmeSessions, value: p.sessions, to: to('/programmes/coverage'), hint },
      { id: 'programme-missing', label: h.tiles.programmeMissing, value: Math.max(0, p.minSessions - p.sessions), to: to('/programmes'), alarm: true },
    ];
  }
  const a = home.admin;
  if (a) {
    out.admin = [
      { id: 'locked-accounts', label: h.tiles.lockedAccounts, value: a.lockedAccounts, to: to('/admin/users'), alarm: true },
      { id: 'accounts-without-2fa', label: h.tiles.accountsWithout2fa, value: a.accountsWithout2fa, to: to('/admin/users') },
      { id: 'tokens-expiring', label: h.tiles.tokensExpiringSoon, value: a.tokensExpiringSoon, to: to('/admin/tokens'), alarm: true },
    ];
  }
  return out;
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className="home-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** The console's home page: the signed-in person's own work, counted live, with links straight to it. */
export default function Overview() {
  const { t } = useLang();
  const h = useHomeT();
  const me = useMe();
  const { data, error, reload } = useLoad(() => api.get<Home>('/home'), [me.id]);
  useEffect(() => {
    const timer = window.setInterval(reload, POLL_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const sections = data ? sectionsOf(data, me, h) : {};
  const order = ORDER[me.role].filter((k) => k === 'targets' || sections[k]);
  const modules = MODULES.filter((m) => canSee(m, me) && (!m.children || m.children.some((c) => canSee(c, me))));

  return (
    <div data-testid="overview">
      <div className="home-card">
        <div className="home-head">
          <div>
            <h2 className="home-greeting">
              {h.greeting(me.displayName)} <span className="tag tag-blue">{t.roles[me.role]}</span>
            </h2>
            <p className="home-intro">{h.intro}</p>
          </div>
          <button type="button" className="btn" onClick={reload} data-testid="home-refresh">
            <ReloadOutlined aria-hidden />
            {h.refresh}
          </button>
        </div>
        {data ? (
          <span className="muted" data-testid="home-at">
            {h.countedAt(dayjs(data.at).format('HH:mm DD/MM/YYYY'))}
          </span>
        ) : null}
        {me.totpEnabled ? null : (
          <div className="notice notice-warning home-notice">
            <Link to="/account">{h.enable2fa}</Link>
          </div>
        )}
      </div>
      {error ? (
        <div className="notice notice-error home-notice" role="alert">
          {`${h.loadFailed} ${errorMessage(error)}`}
        </div>
      ) : null}
      {order.map((key) => (
        <Section key={key} title={h.sections[key]} testId={`home-section-${key}`}>
          {key === 'targets' ? (
            <Targets />
          ) : (
            <div className="home-tiles">
              {key === 'filter' ? (
                <div className="home-tiles-wide">
                  <Suspense fallback={null}>
                    <ReviewCountCard />
                  </Suspense>
                </div>
              ) : null}
              {(sections[key] ?? []).map((tile) => (
                <Tile key={tile.id} {...tile} />
              ))}
            </div>
          )}
        </Section>
      ))}
      {data && order.length === 0 ? <div className="notice notice-info home-notice">{h.nothing}</div> : null}
      <Section title={h.modules} testId="home-modules">
        <div className="home-modules">
          {modules.map((m) => (
            <Link key={m.path} to={m.children?.find((c) => canSee(c, me))?.path ?? m.path} className="module-card-link home-card home-module">
              <span className="home-module-icon" aria-hidden>
                {m.icon}
              </span>
              {m.label(t)} {m.children ? null : <span className="tag tag-gold">{h.comingSoon}</span>}
            </Link>
          ))}
        </div>
      </Section>
    </div>
  );
}
