import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  DashboardOutlined,
  FolderOpenOutlined,
  KeyOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  ScanOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Messages } from './i18n.js';

export interface NavEntry {
  path: string;
  icon: ReactNode;
  label: (t: Messages) => string;
}

/** Modules to come: each opens the "coming soon" page until it lands. */
export const MODULES: readonly NavEntry[] = [
  { path: '/reports', icon: <NotificationOutlined />, label: (t) => t.menu.reports },
  { path: '/cases', icon: <FolderOpenOutlined />, label: (t) => t.menu.cases },
  { path: '/detection', icon: <ScanOutlined />, label: (t) => t.menu.detection },
  { path: '/school-filter', icon: <SafetyCertificateOutlined />, label: (t) => t.menu.schoolFilter },
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
