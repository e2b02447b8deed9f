/**
 * What a key does in a vertical WAI-ARIA `menu` (APG menu pattern), apart from the page around it:
 * Down/Up the next/previous item (wrapping), Home/End the first/last, Enter/Space follow the item,
 * Right goes into a group, Left and Escape back out of it. Other keys (Tab among them) are the browser's.
 */
export type MenuStep = { kind: 'move'; to: number } | { kind: 'follow' } | { kind: 'in' } | { kind: 'out' };

export function menuKeyStep(key: string, at: number, count: number): MenuStep | null {
  if (at < 0 || count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', to: (at + 1) % count };
    case 'ArrowUp':
      return { kind: 'move', to: (at - 1 + count) % count };
    case 'Home':
      return { kind: 'move', to: 0 };
    case 'End':
      return { kind: 'move', to: count - 1 };
    case ' ':
    case 'Enter':
      return { kind: 'follow' };
    case 'ArrowRight':
      return { kind: 'in' };
    case 'ArrowLeft':
    case 'Escape':
      return { kind: 'out' };
    default:
      return null;
  }
}
