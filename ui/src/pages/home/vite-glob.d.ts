/**
 * Vite's `import.meta.glob` (the project type-checks with Node's types, not vite/client): the home
 * page finds the Indicators module's TargetsPanel this way, so it builds whether that file exists yet or not.
 */
interface ImportMeta {
  glob<T>(pattern: string): Record<string, () => Promise<T>>;
}
