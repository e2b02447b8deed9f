import { expect, it } from 'vitest';
import { defaultBandPolicy } from '../../model.js';
import { policyChangeBetween, touchesNode } from './policy-change.js';
import type { CityPolicy } from './policy-versions.js';

// pure comparison of two city policies (no database): which nodes a change reaches
const city = (over: Partial<CityPolicy> = {}): CityPolicy =>
  ({
    categories: [],
    bands: [defaultBandPolicy('primary')],
    schools: [
      { id: 's1', code: 'A', name: 'Trường A' },
      { id: 's2', code: 'B', name: 'Trường B' },
    ],
    additions: [],
    networks: [],
    settings: {},
    ...over,
  }) as unknown as CityPolicy;

it('tells a city-wide change from one school’s change, and no change', () => {
  expect(policyChangeBetween(city(), city())).toEqual({ kind: 'none' });
  expect(policyChangeBetween(null, city())).toEqual({ kind: 'all' });
  expect(policyChangeBetween(city(), city({ bands: [] }))).toEqual({ kind: 'all' });
  const renamed = city({
    schools: [
      { id: 's1', code: 'A', name: 'Trường A' },
      { id: 's2', code: 'B', name: 'Trường B mới' },
    ],
  });
  const change = policyChangeBetween(city(), renamed);
  expect(change.kind === 'schools' && [...change.ids]).toEqual(['s2']);
  expect(touchesNode(change, ['s1'])).toBe(false);
  expect(touchesNode(change, ['s1', 's2'])).toBe(true);
  // a school that left the city is a change for its node
  const gone = policyChangeBetween(city(), city({ schools: [{ id: 's1', code: 'A', name: 'Trường A' }] }));
  expect(gone.kind === 'schools' && [...gone.ids]).toEqual(['s2']);
  expect(touchesNode({ kind: 'all' }, [])).toBe(true);
  expect(touchesNode({ kind: 'none' }, ['s1'])).toBe(false);
});
