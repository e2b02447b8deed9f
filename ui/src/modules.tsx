import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  CloudServerOutlined,
  ControlOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EyeOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
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
  SwapOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import type { Messages } from './i18n.js';
import { ReviewCountBadge } from './pages/filter/review-count.js';
import type { Ability, Me } from './types.js';

export interface NavEntry {
  path: string;
  icon: ReactNode;
  label: (t: Messages) => string;
  /** Shown to those the server gives this ability (/auth/me, answered by the policies); everyone when absent. */
  ability?: Ability;
  /** A module's pages, shown as a sub-menu. */
  children?: readonly NavEntry[];
  /** A count beside the label (e.g. requests waiting for an answer); renders nothing at zero. */
  badge?: ComponentType;
}

export function canSee(e: NavEntry, me: Me): boolean {
  return !e.ability || me.abilities[e.ability];
}

/** Modules: landed ones list their pages; the others open the "coming soon" page until they land. */
export const MODULES: readonly NavEntry[] = [
  {
    path: '/reports',
    icon: <NotificationOutlined />,
    label: (t) => t.menu.reports,
    children: [
      { path: '/reports', icon: <UnorderedListOutlined />, label: (t) => t.menu.reportsQueue, ability: 'reports.read' },
      { path: '/reports/overdue', icon: <ClockCircleOutlined />, label: (t) => t.menu.reportsOverdue, ability: 'reports.read' },
      { path: '/reports/rules', icon: <FieldTimeOutlined />, label: (t) => t.menu.reportsRules, ability: 'reports.settings.read' },
    ],
  },
  {
    path: '/cases',
    icon: <FolderOpenOutlined />,
    label: (t) => t.menu.cases,
    children: [
      { path: '/cases', icon: <UnorderedListOutlined />, label: (t) => t.menu.casesList, ability: 'cases.read' },
      { path: '/cases/handovers', icon: <InboxOutlined />, label: (t) => t.menu.casesHandovers, ability: 'cases.handovers.take' },
      { path: '/cases/referrals', icon: <SwapOutlined />, label: (t) => t.menu.casesReferrals, ability: 'cases.referrals.read' },
      { path: '/cases/tasks', icon: <CheckSquareOutlined />, label: (t) => t.menu.casesTasks, ability: 'cases.tasks.read' },
      { path: '/cases/overdue', icon: <ClockCircleOutlined />, label: (t) => t.menu.casesOverdue, ability: 'cases.read' },
      { path: '/cases/caseload', icon: <TeamOutlined />, label: (t) => t.menu.casesCaseload, ability: 'cases.caseload.read' },
    ],
  },
  {
    path: '/detection',
    icon: <ScanOutlined />,
    label: (t) => t.menu.detection,
    children: [
      { path: '/detection', icon: <UnorderedListOutlined />, label: (t) => t.menu.detectQueue, ability: 'detect.items.read' },
      { path: '/detection/takedowns', icon: <StopOutlined />, label: (t) => t.menu.detectTakedowns, ability: 'detect.takedowns.read' },
      { path: '/detection/banks', icon: <DatabaseOutlined />, label: (t) => t.menu.detectBanks, ability: 'detect.banks.read' },
      { path: '/detection/overview', icon: <PieChartOutlined />, label: (t) => t.menu.detectOverview, ability: 'detect.items.aggregate' },
    ],
  },
  {
    path: '/school-filter',
    icon: <SafetyCertificateOutlined />,
    label: (t) => t.menu.schoolFilter,
    children: [
      { path: '/school-filter', icon: <ControlOutlined />, label: (t) => t.menu.filterBands, ability: 'filter.school.read' },
      { path: '/school-filter/lists', icon: <DatabaseOutlined />, label: (t) => t.menu.filterLists, ability: 'filter.city.read' },
      { path: '/school-filter/networks', icon: <GlobalOutlined />, label: (t) => t.menu.filterNetworks, ability: 'filter.school.read' },
      { path: '/school-filter/check', icon: <QuestionCircleOutlined />, label: (t) => t.menu.filterCheck, ability: 'filter.school.read' },
      { path: '/school-filter/stats', icon: <LineChartOutlined />, label: (t) => t.menu.filterStats, ability: 'filter.stats.read' },
      { path: '/school-filter/reviews', icon: <InboxOutlined />, label: (t) => t.menu.filterReviews, ability: 'filter.reviews.read', badge: ReviewCountBadge },
      { path: '/school-filter/live', icon: <EyeOutlined />, label: (t) => t.menu.filterLive, ability: 'filter.live.read' },
      { path: '/school-filter/guard', icon: <SafetyOutlined />, label: (t) => t.menu.filterGuard, ability: 'filter.city.read' },
      { path: '/school-filter/held', icon: <HistoryOutlined />, label: (t) => t.menu.filterHeld, ability: 'filter.city.read' },
      { path: '/school-filter/fleet', icon: <CloudServerOutlined />, label: (t) => t.menu.filterFleet, ability: 'filter.fleet.read' },
    ],
  },
  {
    path: '/programmes',
    icon: <AlertOutlined />,
    label: (t) => t.menu.programmes,
    children: [
      { path: '/programmes', icon: <UnorderedListOutlined />, label: (t) => t.menu.programmeSessions, ability: 'programmes.sessions.read' },
      { path: '/programmes/import', icon: <FileTextOutlined />, label: (t) => t.menu.programmeImport, ability: 'programmes.sessions.import' },
      { path: '/programmes/trainings', icon: <TeamOutlined />, label: (t) => t.menu.programmeTrainings, ability: 'programmes.trainings.read' },
      { path: '/programmes/outreach', icon: <GlobalOutlined />, label: (t) => t.menu.programmeOutreach, ability: 'programmes.outreach.read' },
      { path: '/programmes/safety', icon: <SafetyCertificateOutlined />, label: (t) => t.menu.programmeSafety, ability: 'programmes.checklists.read' },
      { path: '/programmes/coverage', icon: <PieChartOutlined />, label: (t) => t.menu.programmeCoverage, ability: 'programmes.coverage.read' },
    ],
  },
  {
    path: '/indicators',
    icon: <BarChartOutlined />,
    label: (t) => t.menu.indicators,
    children: [
      { path: '/indicators', icon: <DashboardOutlined />, label: (t) => t.menu.indicatorsDashboard, ability: 'indicators.read' },
      { path: '/indicators/reports', icon: <FileTextOutlined />, label: (t) => t.menu.indicatorsReports, ability: 'indicators.reports.read' },
    ],
  },
];

export const OVERVIEW: NavEntry = { path: '/', icon: <DashboardOutlined />, label: (t) => t.menu.overview };

export const ADMIN_ROOT = { key: 'admin', icon: <SettingOutlined />, label: (t: Messages) => t.menu.admin };

export const ADMIN: readonly NavEntry[] = [
  // The administrators' pages manage the city's structure: each is shown to those who may change
  // what it lists (everyone on staff may read wards, agencies and schools, but through other pages).
  // Wards are read-only reference data, kept beside the agencies their administrators manage.
  { path: '/admin/units', icon: <ApartmentOutlined />, label: (t) => t.menu.units, ability: 'org.agencies.update' },
  { path: '/admin/agencies', icon: <BankOutlined />, label: (t) => t.menu.agencies, ability: 'org.agencies.update' },
  { path: '/admin/schools', icon: <BookOutlined />, label: (t) => t.menu.schools, ability: 'org.schools.create' },
  { path: '/admin/users', icon: <TeamOutlined />, label: (t) => t.menu.users, ability: 'org.users.create' },
  { path: '/admin/tokens', icon: <KeyOutlined />, label: (t) => t.menu.tokens, ability: 'org.tokens.read' },
  { path: '/admin/audit', icon: <AuditOutlined />, label: (t) => t.menu.audit, ability: 'audit.read' },
];
