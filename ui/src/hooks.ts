import { type DependencyList, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiError, api, type Query } from './api.js';
import type { Lang } from './i18n.js';
import { useLang } from './locale.js';
import type { CodeLabel, Page } from './types.js';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | null;
  loading: boolean;
  reload: () => void;
}

/** Runs a loader when deps change; stale answers from earlier runs are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again; tick forces it
  useEffect(() => {
    let live = true;
    setLoading(true);
    loadRef.current().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** A server-paged list (limit/offset) with filters; changing a filter goes back to page 1. */
export function usePagedList<T, F extends Query>(path: string, initialFilters: F, initialPageSize = 20) {
  const { t } = useLang();
  const [filters, setFiltersState] = useState<F>(initialFilters);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const key = JSON.stringify(filters);
  const loaded = useLoad(() => api.get<Page<T>>(path, { ...filters, limit: pageSize, offset: (page - 1) * pageSize }), [path, key, page, pageSize]);
  const setFilters = useCallback((patch: Partial<F>) => {
    setFiltersState((f) => ({ ...f, ...patch }));
    setPage(1);
  }, []);
  return {
    ...loaded,
    items: loaded.data?.items ?? [],
    total: loaded.data?.total ?? 0,
    filters,
    setFilters,
    page,
    pageSize,
    /** Ready for antd's Table `pagination`: server paging, page-size changer, total in words. */
    pagination: {
      current: page,
      pageSize,
      total: loaded.data?.total ?? 0,
      showSizeChanger: true,
      showTotal: (n: number) => t.common.total(n),
      onChange: (p: number, ps: number) => {
        setPage(ps !== pageSize ? 1 : p);
        setPageSize(ps);
      },
    },
  };
}

/**
 * A server's vocabulary of labelled codes (intake, detection) in the console's language: one lookup
 * for both desks, giving the code itself while the labels load and '—' for no code.
 */
export function useCodeLabels<V extends { [K in keyof V]: CodeLabel[] }>(load: (lang: Lang) => Promise<V>, kinds: readonly (keyof V)[]) {
  const { lang } = useLang();
  const { data } = useLoad(() => load(lang), [lang]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: kinds is a module constant of the caller
  const maps = useMemo(() => {
    const out = {} as Record<keyof V, Map<string, string>>;
    for (const k of kinds) out[k] = new Map((data?.[k] ?? []).map((x) => [x.code, x.label]));
    return out;
  }, [data]);
  return {
    data,
    label: (kind: keyof V, code: string | null | undefined) => (code ? (maps[kind].get(code) ?? code) : '—'),
    options: (kind: keyof V) => (data?.[kind] ?? []).map((x) => ({ value: x.code, label: x.label })),
  };
}
