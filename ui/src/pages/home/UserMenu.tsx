import { LogoutOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { useEffect, useId, useRef, useState } from 'react';

interface UserMenuProps {
  /** Who is signed in and as what, shown first. */
  who: string;
  name: string;
  label: string;
  accountLabel: string;
  logoutLabel: string;
  onAccount: () => void;
  onLogout: () => void;
}

/**
 * The phone header's account button: a small list (who, account, sign out) under it, in plain HTML.
 * Escape or a click elsewhere closes it and focus goes back to the button.
 */
export function UserMenu({ who, name, label, accountLabel, logoutLabel, onAccount, onLogout }: UserMenuProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    box.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    const away = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const key = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', key);
    };
  }, [open]);
  const choose = (act: () => void) => () => {
    setOpen(false);
    act();
  };
  return (
    <div className="user-menu" ref={box}>
      <button
        ref={button}
        type="button"
        className="icon-btn"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu"
      >
        <UserOutlined aria-hidden />
        <span className="sr-only" data-testid="user-name">
          {name}
        </span>
      </button>
      {open ? (
        <div role="menu" id={id} className="user-menu-list">
          <div className="user-menu-who" data-testid="user-role-phone">
            {who}
          </div>
          <button type="button" role="menuitem" onClick={choose(onAccount)}>
            <SettingOutlined aria-hidden /> {accountLabel}
          </button>
          <button type="button" role="menuitem" onClick={choose(onLogout)}>
            <LogoutOutlined aria-hidden /> {logoutLabel}
          </button>
        </div>
      ) : null}
    </div>
  );
}
