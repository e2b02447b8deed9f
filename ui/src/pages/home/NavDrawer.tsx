import { type ReactNode, useEffect, useRef } from 'react';

interface NavDrawerProps {
  open: boolean;
  onClose: () => void;
  label: string;
  children: ReactNode;
}

/**
 * The phone's menu: a native modal `<dialog>` sliding in from the left (styles.css, `.nav-drawer`).
 * The browser keeps focus inside it, closes it on Escape and returns focus to the menu button, so no
 * drawer library is needed; a tap on the dimmed page beside it closes it too.
 */
export function NavDrawer({ open, onClose, label, children }: NavDrawerProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes a modal dialog natively; the click is the tap on the backdrop
    <dialog
      ref={ref}
      className="nav-drawer"
      aria-label={label}
      data-testid="nav-drawer"
      onClose={onClose}
      // a click whose target is the dialog itself landed on its backdrop (the panel's content is inside)
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="nav-drawer-panel">{children}</div>
    </dialog>
  );
}
