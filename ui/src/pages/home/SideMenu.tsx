import { type FocusEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useLang } from '../../locale.js';
import type { NavEntry } from '../../modules.js';
import { menuKeyStep } from './menu-keys.js';

/** A menu row: a page's link, or a group (a module, the administrators' pages) that opens its pages below. */
export type MenuRow = { kind: 'link'; entry: NavEntry } | { kind: 'group'; key: string; icon: ReactNode; label: string; children: readonly NavEntry[] };

interface SideMenuProps {
  rows: readonly MenuRow[];
  /** The path of the entry drawn as the current page. */
  selected: string | undefined;
  openKeys: readonly string[];
  onToggle: (key: string) => void;
  /** Icons only (the wide side bar folded): a group's button unfolds the bar instead. */
  collapsed: boolean;
}

/**
 * The console's side menu in plain HTML and CSS (styles.css, `.side-menu`), so the signed-in home page
 * draws without antd's Menu. The roles follow antd's: a list of `menuitem`s, a group a button whose
 * `aria-expanded` says whether its pages are shown, each page a link inside its item. Every control is
 * a real link or button, so Enter (and Space on a button) work natively. The keys are WAI-ARIA's for a
 * vertical `menu` (APG menu pattern, menu-keys.ts): Up/Down move between the items, wrapping, Home/End
 * to the first and last, Space follows a link as Enter does, Right opens a group and enters it,
 * Left (or Escape) goes back up to the group's button and closes the group; the menu is one Tab stop (roving tabindex:
 * the item last focused, else the current page), so Tab moves on to the page.
 */
export function SideMenu({ rows, selected, openKeys, onToggle, collapsed }: SideMenuProps) {
  const { t } = useLang();
  const isOpen = (key: string) => !collapsed && openKeys.includes(key);
  // the items on screen, in order: the one Tab stop is among them
  const shown = rows.flatMap((row) => (row.kind === 'link' ? [row.entry.path] : [row.key, ...(isOpen(row.key) ? row.children.map((c) => c.path) : [])]));
  const [focused, setFocused] = useState<string | null>(null);
  const holder = rows.find((row) => row.kind === 'group' && row.children.some((c) => c.path === selected));
  const tabStop = [focused, selected, holder?.kind === 'group' ? holder.key : null].find((k) => k && shown.includes(k)) ?? shown[0];
  // Right opens a group, and its first page takes the focus once it is drawn
  const enter = useRef<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const key = enter.current;
    if (!key || !openKeys.includes(key)) return;
    enter.current = null;
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(groupListId(key))} [data-menu-key]`)?.focus();
  }, [openKeys]);
  const onFocus = (e: FocusEvent<HTMLUListElement>) => {
    const key = (e.target as HTMLElement).dataset.menuKey;
    if (key) setFocused(key);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-menu-key]')];
    const step = menuKeyStep(e.key, items.indexOf(e.target as HTMLElement), items.length);
    if (!step) return;
    const target = e.target as HTMLElement;
    const key = target.dataset.menuKey ?? '';
    const group = target.dataset.menuGroup;
    if (step.kind === 'move') items[step.to]?.focus();
    else if (step.kind === 'follow') {
      // Enter and a button's Space are the browser's own; a link's Space is ours
      if (target.tagName !== 'A') return;
      target.click();
    } else if (step.kind === 'in') {
      if (group === undefined) return;
      if (isOpen(key)) items[items.indexOf(target) + 1]?.focus();
      else {
        enter.current = key;
        onToggle(key);
      }
    } else {
      // from a page of a group, or from the open group itself: the group's button, closed
      const parent = target.dataset.menuParent ?? (group !== undefined && isOpen(key) ? key : null);
      if (!parent) return;
      list.current?.querySelector<HTMLElement>(`[data-menu-key="${CSS.escape(parent)}"]`)?.focus();
      if (isOpen(parent)) onToggle(parent);
    }
    e.preventDefault();
  };
  const link = (e: NavEntry, parent: string | null) => {
    const nested = parent !== null;
    const current = e.path === selected;
    const label = e.label(t);
    return (
      // antd's Menu's roles, which the browser tests and screen readers already know: the item is the
      // list entry and the link inside it is what takes focus and Enter
      // biome-ignore lint/a11y/useFocusableInteractive: the link inside is the focusable control
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: as antd's Menu marks its entries
      <li key={e.path} role="menuitem" className={current ? 'side-item side-item-current' : 'side-item'} title={collapsed ? label : undefined}>
        <Link
          to={e.path}
          className={nested ? 'side-link side-link-nested' : 'side-link'}
          aria-current={current ? 'page' : undefined}
          tabIndex={e.path === tabStop ? 0 : -1}
          data-menu-key={e.path}
          data-menu-parent={parent ?? undefined}
        >
          <span className="side-icon" aria-hidden>
            {e.icon}
          </span>
          <span className={collapsed ? 'sr-only' : 'side-label'}>{label}</span>
          {e.badge && !collapsed ? <e.badge /> : null}
        </Link>
      </li>
    );
  };
  return (
    <ul
      ref={list}
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: antd Menu's roles (see the entries above)
      role="menu"
      className={collapsed ? 'side-menu side-menu-collapsed' : 'side-menu'}
      data-testid="side-menu"
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      {rows.map((row) => {
        if (row.kind === 'link') return link(row.entry, null);
        const open = isOpen(row.key);
        const holdsCurrent = row.children.some((c) => c.path === selected);
        const listId = groupListId(row.key);
        return (
          <li key={row.key} role="none" className="side-group">
            <button
              type="button"
              role="menuitem"
              className={holdsCurrent ? 'side-link side-group-title side-group-current' : 'side-link side-group-title'}
              aria-expanded={open}
              aria-controls={open ? listId : undefined}
              title={collapsed ? row.label : undefined}
              tabIndex={row.key === tabStop ? 0 : -1}
              data-menu-key={row.key}
              data-menu-group=""
              onClick={() => onToggle(row.key)}
            >
              <span className="side-icon" aria-hidden>
                {row.icon}
              </span>
              <span className={collapsed ? 'sr-only' : 'side-label'}>{row.label}</span>
              {collapsed ? null : <span className={open ? 'side-arrow side-arrow-open' : 'side-arrow'} aria-hidden />}
            </button>
            {open ? (
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: antd Menu's roles, as above
              <ul role="menu" id={listId} className="side-submenu" aria-label={row.label}>
                {row.children.map((c) => link(c, row.key))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

const groupListId = (key: string) => `side-group-${key.replace(/[^a-z0-9]/gi, '-')}`;
