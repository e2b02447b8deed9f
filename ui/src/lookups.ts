/**
 * Reference lists many pages need (units, agencies, labels), loaded once per session and shared.
 * A failed load is forgotten so the next use retries; sign-out forgets everything.
 */

import type { GradesByLevel } from '../../src/programmes/sessions/grades-by-level.js';
import type { PhotoUpload } from '../../src/programmes/sessions/session-photos.js';
import { api, fetchAll } from './api.js';
import type { Lang } from './i18n.js';
import type { DetectVocabulary } from './pages/detect/types.js';
import type { IntakeVocabulary } from './pages/intake/types.js';
import type { Agency, CodeLabel, School, Unit } from './types.js';

const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => {
      if (cache.get(key) === p) cache.delete(key);
    });
  }
  return p;
}

export function invalidate(prefix: string): void {
  for (const k of [...cache.keys()]) if (k.startsWith(prefix)) cache.delete(k);
}

export function clearLookups(): void {
  cache.clear();
}

export const loadUnits = () => cached('units', () => fetchAll<Unit>('/units'));
export const loadAgencies = () => cached('agencies', async () => (await api.get<{ items: Agency[] }>('/agencies')).items);
export const loadResponsibilities = (lang: Lang) =>
  cached(`responsibilities:${lang}`, async () => (await api.get<{ items: CodeLabel[] }>('/agencies/responsibilities')).items);
export const loadScopes = (lang: Lang) => cached(`scopes:${lang}`, async () => (await api.get<{ items: CodeLabel[] }>('/tokens/scopes')).items);
/** The grades each school level teaches (first, last): the server's rule, the one the API enforces. */
export const loadGradesByLevel = () => cached('grades-by-level', () => api.get<GradesByLevel>('/programmes/grades-by-level'));
/** What a session's photo upload may be (types, size, counts): the server's values, the ones it enforces. */
export const loadPhotoUpload = () => cached('photo-upload', () => api.get<PhotoUpload>('/programmes/photo-upload'));
export const loadSchool = (id: string) => cached(`school:${id}`, () => api.get<School>(`/schools/${encodeURIComponent(id)}`));
/** The reporting centre's labels (categories, reporter kinds, age bands…), in the language asked for. */
export const loadIntakeVocabulary = (lang: Lang) => cached(`intake-vocabulary:${lang}`, () => api.get<IntakeVocabulary>('/intake/vocabulary'));
/** The detection desk's labels (categories, platforms, failure codes), in the language asked for. */
export const loadDetectVocabulary = (lang: Lang) => cached(`detect-vocabulary:${lang}`, () => api.get<DetectVocabulary>('/detect/vocabulary'));
