import { parseList, tableSink } from '../lists/parse.js';
import { type DomainTable, TableBuilder } from '../matcher.js';
import { BANDS, BUILTIN_CATEGORIES, DEFAULT_SETTINGS, defaultBandPolicy, type Snapshot } from '../model.js';

/** A snapshot for engine tests: built-in categories, default band policies, given networks. */
export function testSnapshot(over: Partial<Snapshot> = {}, settings: Partial<Snapshot['settings']> = {}): Snapshot {
  return {
    version: 'test',
    generatedAt: new Date(0).toISOString(),
    categories: BUILTIN_CATEGORIES.map((c) => ({ ...c })),
    bands: BANDS.map(defaultBandPolicy),
    schools: [{ id: 'school-1', code: 'S1', name: 'School 1' }],
    additions: [],
    networks: [],
    domainsFile: null,
    ...over,
    settings: { ...DEFAULT_SETTINGS, ...settings },
  };
}

/** A domain table from list texts keyed by category code. */
export function tableFrom(lists: Record<string, string>): DomainTable {
  const b = new TableBuilder();
  for (const [code, text] of Object.entries(lists)) {
    const cat = BUILTIN_CATEGORIES.find((c) => c.code === code);
    if (!cat) throw new Error(`unknown category ${code}`);
    parseList(Buffer.from(text), tableSink(b, cat.bit));
  }
  return b.build();
}
