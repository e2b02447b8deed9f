import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useLang } from '../../locale.js';
import type { NavEntry } from '../../modules.js';

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
 * a real link or button, so Tab, Enter and Space work without scripts of their own.
 */
export function SideMenu({ rows, selected, openKeys, onToggle, collapsed }: SideMenuProps) {
  const { t } = useLang();
  const link = (e: NavEntry, nested: boolean) => {
    const current = e.path === selected;
    const label = e.label(t);
    return (
      // antd's Menu's roles, which the browser tests and screen readers already know: the item is the
      // list entry and the link inside it is what takes focus and Enter
      // biome-ignore lint/a11y/useFocusableInteractive: the link inside is the focusable control
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: as antd's Menu marks its entries
      <li key={e.path} role="menuitem" className={current ? 'side-item side-item-current' : 'side-item'} title={collapsed ? label : undefined}>
        <Link to={e.path} className={nested ? 'side-link side-link-nested' : 'side-link'} aria-current={current ? 'page' : undefined}>
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
    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: antd Menu's roles (see the entries above)
    <ul role="menu" className={collapsed ? 'side-menu side-menu-collapsed' : 'side-menu'} data-testid="side-menu">
      {rows.map((row) => {
        if (row.kind === 'link') return link(row.entry, false);
        const open = !collapsed && openKeys.includes(row.key);
        const holdsCurrent = row.children.some((c) => c.path === selected);
        const listId = `side-group-${row.key.replace(/[^a-z0-9]/gi, '-')}`;
        return (
          <li key={row.key} role="none" className="side-group">
            <button
              type="button"
              role="menuitem"
              className={holdsCurrent ? 'side-link side-group-title side-group-current' : 'side-link side-group-title'}
              aria-expanded={open}
              aria-controls={open ? listId : undefined}
              title={collapsed ? row.label : undefined}
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
                {row.children.map((c) => link(c, true))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
