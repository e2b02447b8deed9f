/**
 * The signed-in shell's code, fetched once. The sign-in page starts it when the user begins to type,
 * so it downloads while they enter their password instead of after they press the button; the HTML
 * asks for it up front when a session cookie came with the request (ui/vite.config.ts, index.shell.html).
 */
let shell: Promise<typeof import('./pages/Shell.js')> | null = null;

export function loadShell(): Promise<typeof import('./pages/Shell.js')> {
  shell ??= import('./pages/Shell.js');
  // a failed download (the link dropped) is forgotten, so the next attempt asks again
  shell.catch(() => {
    shell = null;
  });
  return shell;
}
