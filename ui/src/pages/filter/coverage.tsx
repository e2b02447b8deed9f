import { WarningOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api.js';
import { useLoad } from '../../hooks.js';
import { useLang } from '../../locale.js';
import { useSafetyT } from './i18n-safety.js';
import type { BlockPageState, CategoryCoverage } from './safety-types.js';

/** GET /filter/categories/coverage: which categories hold no domains, and how to connect a source. */
export function useCoverage() {
  const loaded = useLoad(() => api.get<CategoryCoverage[]>('/filter/categories/coverage'), []);
  const byCode = useMemo(() => new Map((loaded.data ?? []).map((c) => [c.code, c])), [loaded.data]);
  return { ...loaded, byCode };
}

/** GET /filter/bands/blockpage: whether the block page has an address, per band what the filter really answers. */
export function useBlockPageState() {
  return useLoad(() => api.get<BlockPageState>('/filter/bands/blockpage'), []);
}

/**
 * "không có tên miền — hãy kết nối nguồn" beside a ticked category that blocks nothing, with the
 * server's hint (e.g. the IWF or INHOPE list for abuse material) in words under it, not only on hover.
 */
export function EmptyCategoryNote({ coverage }: { coverage: CategoryCoverage | undefined }) {
  const s = useSafetyT();
  const { lang } = useLang();
  if (!coverage?.empty) return null;
  const hint = lang === 'en' ? coverage.hintEn || coverage.hintVi : coverage.hintVi;
  const tag = (
    <Tag color="warning" icon={<WarningOutlined />} style={{ marginInlineStart: 6, whiteSpace: 'normal' }} data-testid={`empty-${coverage.code}`}>
      {s.coverage.empty}
    </Tag>
  );
  return (
    <>
      {tag}
      {hint ? (
        <div className="muted" style={{ whiteSpace: 'normal', maxWidth: 420 }}>
          {hint}
        </div>
      ) : null}
    </>
  );
}
