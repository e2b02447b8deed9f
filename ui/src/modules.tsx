import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  ClockCircleOutlined,
  ControlOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EyeOutlined,
  FieldTimeOutlined,
  FolderOpenOutlined,
  GlobalOutlined,
  HistoryOutlined,
  InboxOutlined,
  KeyOutlined,
  LineChartOutlined,
  NotificationOutlined,
  PieChartOutlined,
  QuestionCircleOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScanOutlined,
  SettingOutlined,
  StopOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import type { Messages } from './i18n.js';
import { REVIEW_READERS, ReviewCountBadge } from './pages/filter/review-count.js';
import type { Role } from './types.js';

export interface NavEntry {
  path: string;
  icon: ReactNode;
  label: (t: Messages) => string;
  /** Who sees it (the server decides what they may do); everyone when absent. */
  roles?: readonly Role[];
  /** A module that has landed: its pages, shown as a sub-menu. Without them it opens "coming soon". */
  children?: readonly NavEntry[];
  /** A count beside the label (e.g. requests waiting for an answer); renders nothing at zero. */
  badge?: ComponentType;
}

/** Roles the report queue answers (src/intake/report.policy.ts, read). */
const REPORT_READERS: readonly Role[] = ['system_admin', 'intake_officer', 'agency_officer', 'case_worker'];
/** Roles that read intake rules (intakeSettingsPolicy.read). */
const RULE_READERS: readonly Role[] = ['system_admin', 'intake_officer', 'city_leader'];
/** Roles that work the detection desk: takedowns and hash banks (src/detect/review/review.policy.ts, src/detect/images/bank.policy.ts). */
const DETECT_ANALYSTS: readonly Role[] = ['system_admin', 'analyst'];
/** Roles the review queue answers: intake officers see the items that came from their reports (reviewItemPolicy.read). */
const DETECT_QUEUE_READERS: readonly Role[] = ['system_admin', 'analyst', 'intake_officer'];
/** Roles that read the detection statistics (reviewItemPolicy.aggregate). */
const DETECT_STATS_READERS: readonly Role[] = ['system_admin', 'analyst', 'intake_officer', 'city_leader'];
/** Roles that read the filter's configuration and statistics (src/filter/filter.policy.ts). */
const FILTER_READERS: readonly Role[] = ['system_admin', 'analyst', 'city_leader', 'school_admin'];
/** The city's side of the filter: the guard list and held list refreshes (cityFilterPolicy; city leaders read). */
const FILTER_CITY: readonly Role[] = ['system_admin', 'analyst', 'city_leader'];
/** The staff band's live blocked look-ups: that school's administrator, system administrators. */
const FILTER_LIVE: readonly Role[] = ['system_admin', 'school_admin'];

export function canSee(e: NavEntry, role: Role): boolean {
  return !e.roles || e.roles.includes(role);
}

/** Modules: landed ones list their pages; the others open the "coming soon" page until they land. */
export const MODULES: readonly NavEntry[] = [
  {
    path: '/reports',
    icon: <NotificationOutlined />,
    label: (t) => t.menu.reports,
    children: [
      { path: '/reports', icon: <UnorderedListOutlined />, label: (t) => t.menu.reportsQueue, roles: REPORT_READERS },
      { path: '/reports/overdue', icon: <ClockCircleOutlined />, label: (t) => t.menu.reportsOverdue, roles: REPORT_READERS },
      { path: '/reports/rules', icon: <FieldTimeOutlined />, label: (t) => t.menu.reportsRules, roles: RULE_READERS },
    ],
  },
  { path: '/cases', icon: <FolderOpenOutlined />, label: (t) => t.menu.cases },
  {
    path: '/detection',
    icon: <ScanOutlined />,
    label: (t) => t.menu.detection,
    children: [
      { path: '/detection', icon: <UnorderedListOutlined />, label: (t) => t.menu.detectQueue, roles: DETECT_QUEUE_READERS },
      { path: '/detection/takedowns', icon: <StopOutlined />, label: (t) => t.menu.detectTakedowns, roles: DETECT_ANALYSTS },
      { path: '/detection/banks', icon: <DatabaseOutlined />, label: (t) => t.menu.detectBanks, roles: DETECT_ANALYSTS },
      { path: '/detection/overview', icon: <PieChartOutlined />, label: (t) => t.menu.detectOverview, roles: DETECT_STATS_READERS },
    ],
  },
  {
    path: '/school-filter',
    icon: <SafetyCertificateOutlined />,
    label: (t) => t.menu.schoolFilter,
    children: [
      { path: '/school-filter', icon: <ControlOutlined />, label: (t) => t.menu.filterBands, roles: FILTER_READERS },
      { path: '/school-filter/lists', icon: <DatabaseOutlined />, label: (t) => t.menu.filterLists, roles: FILTER_READERS },
      { path: '/school-filter/networks', icon: <GlobalOutlined />, label: (t) => t.menu.filterNetworks, roles: FILTER_READERS },
      { path: '/school-filter/check', icon: <QuestionCircleOutlined />, label: (t) => t.menu.filterCheck, roles: FILTER_READERS },
      { path: '/school-filter/stats', icon: <LineChartOutlined />, label: (t) => t.menu.filterStats, roles: FILTER_READERS },
      { path: '/school-filter/reviews', icon: <InboxOutlined />, label: (t) => t.menu.filterReviews, roles: REVIEW_READERS, badge: ReviewCountBadge },
      { path: '/school-filter/live', icon: <EyeOutlined />, label: (t) => t.menu.filterLive, roles: FILTER_LIVE },
      { path: '/school-filter/guard', icon: <SafetyOutlined />, label: (t) => t.menu.filterGuard, roles: FILTER_CITY },
      { path: '/school-filter/held', icon: <HistoryOutlined />, label: (t) => t.menu.filterHeld, roles: FILTER_CITY },
    ],
  },
  { path: '/programmes', icon: <AlertOutlined />, label: (t) => t.menu.programmes },
  { path: '/indicators', icon: <BarChartOutlined />, label: (t) => t.menu.indicators },
];

export const OVERVIEW: NavEntry = { path: '/', icon: <DashboardOutlined />, label: (t) => t.menu.overview };

export const ADMIN_ROOT = { key: 'admin', icon: <SettingOutlined />, label: (t: Messages) => t.menu.admin };

export const ADMIN: readonly NavEntry[] = [
  { path: '/admin/units', icon: <ApartmentOutlined />, label: (t) => t.menu.units },
  { path: '/admin/agencies', icon: <BankOutlined />, label: (t) => t.menu.agencies },
  { path: '/admin/schools', icon: <BookOutlined />, label: (t) => t.menu.schools },
  { path: '/admin/users', icon: <TeamOutlined />, label: (t) => t.menu.users },
  { path: '/admin/tokens', icon: <KeyOutlined />, label: (t) => t.menu.tokens },
  { path: '/admin/audit', icon: <AuditOutlined />, label: (t) => t.menu.audit },
];
