import { parseList, tableSink } from '../lists/parse.js';
import { type DomainTable, type MatchResult, matchTables, type NameHashes, TableBuilder } from '../matcher.js';
import { type Band, type BlockResponse, type CategoryDef, defaultBandPolicy, type Snapshot, type YoutubeMode } from '../model.js';
import { safeSearchTable, safeTarget } from './safe-search.js';

/**
 * A band's policy at one school, compiled from the snapshot: category masks, small matchers for
 * the custom entries, schedules as minutes. `decide` runs per query and allocates nothing big.
 */
export const ACTION = { ALLOW: 0, BLOCK: 1, SAFE: 2, CANARY: 3 } as const;

export interface Decision {
  action: number;
  /** category code (or pseudo-category: custom, learning_mode, bypass_canary, scheduled) */
  category: string;
  mandatory: boolean;
  /** which rule decided, human-readable */
  rule: string;
  /** label level of the matching list entry (0 = the whole name), -1 when none */
  level: number;
  target: string | null;
}

interface CompiledSchedule {
  days: number; // bit d (1..7)
  from: number;
  to: number;
  learning: boolean;
  mask: number;
  name: string;
}

const CANARIES = ['use-application-dns.net', 'mask.icloud.com', 'mask-h2.icloud.com', 'mask-api.icloud.com'];
let canaryTable: DomainTable | null = null;
function canaries(): DomainTable {
  if (!canaryTable) {
    const b = new TableBuilder(8);
    for (const c of CANARIES) b.addName(c, 0);
    canaryTable = b.build();
  }
  return canaryTable;
}

export function domainListTable(entries: readonly string[], tag: number): DomainTable | null {
  if (entries.length === 0) return null;
  const b = new TableBuilder(entries.length);
  parseList(Buffer.from(entries.join('\n'), 'utf8'), tableSink(b, tag));
  return b.count ? b.build() : null;
}

const lowestBit = (mask: number): number => 31 - Math.clz32(mask & -mask);
const minutes = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

export class CompiledPolicy {
  readonly blockMask: number;
  readonly mandatoryMask: number;
  readonly allowKindMask: number;
  readonly cityBlock: DomainTable | null;
  readonly schoolBlock: DomainTable | null;
  readonly allow: DomainTable | null;
  readonly safeSearch: boolean;
  readonly youtube: YoutubeMode;
  readonly blockBypass: boolean;
  readonly blockResponse: BlockResponse;
  readonly queryLog: boolean;
  readonly schedules: CompiledSchedule[];
  /** look-ups and blocks since the last statistics drain */
  queries = 0;
  readonly blocks = new Map<string, number>();
  /** bit → category */
  readonly byBit: (CategoryDef | undefined)[];

  constructor(
    snap: Snapshot,
    readonly band: Band,
    readonly schoolId: string | null,
  ) {
    const bits = new Map(snap.categories.map((c) => [c.code, c]));
    const maskOf = (codes: readonly string[]) => codes.reduce((m, c) => (bits.get(c)?.kind === 'block' ? m | (1 << bits.get(c)!.bit) : m), 0);
    this.byBit = [];
    for (const c of snap.categories) this.byBit[c.bit] = c;
    const bp = snap.bands.find((b) => b.band === band) ?? defaultBandPolicy(band);
    const adds = schoolId ? snap.additions.filter((a) => a.schoolId === schoolId && (a.band === band || a.band === 'all')) : [];
    this.mandatoryMask = snap.categories.filter((c) => c.mandatory && c.kind === 'block').reduce((m, c) => m | (1 << c.bit), 0);
    this.allowKindMask = snap.categories.filter((c) => c.kind === 'allow').reduce((m, c) => m | (1 << c.bit), 0);
    this.blockMask = maskOf(bp.blockedCategories) | maskOf(adds.flatMap((a) => a.blockedCategories)) | this.mandatoryMask;
    this.cityBlock = domainListTable(bp.blockDomains, 0);
    this.schoolBlock = domainListTable(
      adds.flatMap((a) => a.blockDomains),
      0,
    );
    this.allow = domainListTable([...bp.allowDomains, ...adds.flatMap((a) => a.allowDomains)], 0);
    this.safeSearch = bp.safeSearch;
    this.youtube = bp.youtube;
    this.blockBypass = bp.blockBypass;
    this.blockResponse = bp.blockResponse;
    this.queryLog = bp.queryLog;
    this.schedules = bp.schedules.map((s, i) => ({
      days: s.days.reduce((m, d) => m | (1 << d), 0),
      from: minutes(s.from),
      to: minutes(s.to),
      learning: s.mode === 'learning',
      mask: maskOf(s.categories ?? []),
      name: s.name ?? `#${i + 1}`,
    }));
  }

  categoryCode(bit: number): string {
    return this.byBit[bit]?.code ?? `bit${bit}`;
  }
}

const scratch: MatchResult = { blocked: 0, excepted: 0, level: -1 };
const scratchOne: MatchResult = { blocked: 0, excepted: 0, level: -1 };
const single: DomainTable[] = [];

function matchOne(t: DomainTable | null, h: NameHashes): number {
  if (!t) return -1;
  single[0] = t;
  single.length = 1;
  const r = matchTables(single, h, scratchOne);
  return r.blocked ? r.level : -1;
}

/** A decision to fill in (the engine reuses one per process: decide runs once per query). */
export const newDecision = (): Decision => ({ action: ACTION.ALLOW, category: '', mandatory: false, rule: '', level: -1, target: null });

/** Hà Nội local time (UTC+7, no daylight saving): ISO weekday 1–7 and minute of day. */
export function localTime(ms: number): { day: number; minute: number } {
  const local = ms + 7 * 3600_000;
  const days = Math.floor(local / 86400_000);
  return { day: ((days + 3) % 7) + 1, minute: Math.floor((local - days * 86400_000) / 60_000) };
}

function active(s: CompiledSchedule, day: number, minute: number): boolean {
  if (!(s.days & (1 << day))) return false;
  return s.from <= s.to ? minute >= s.from && minute < s.to : minute >= s.from || minute < s.to;
}

/**
 * The decision for one name under one policy. Order: bypass canaries; city-mandatory categories
 * (nothing overrides them); city then school custom blocks; allow entries; class-hours learning
 * mode; blocked categories (with scheduled extras); safe search; allow.
 */
export function decide(p: CompiledPolicy, h: NameHashes, nowMs: number, tables: readonly DomainTable[], d: Decision = newDecision()): Decision {
  d.action = ACTION.ALLOW;
  d.category = '';
  d.mandatory = false;
  d.rule = '';
  d.level = -1;
  d.target = null;
  if (h.n === 0) return d;
  if (p.blockBypass && canaries().firstTag(h.h1[0]!, h.h2[0]!) >= 0) {
    d.action = ACTION.CANARY;
    d.category = 'bypass_canary';
    d.rule = 'canary';
    return d;
  }
  const m = matchTables(tables, h, scratch);
  const mandatory = m.blocked & p.mandatoryMask;
  if (mandatory) {
    d.action = ACTION.BLOCK;
    d.category = p.categoryCode(lowestBit(mandatory));
    d.mandatory = true;
    d.level = m.level;
    d.rule = 'list';
    return d;
  }
  let lv = matchOne(p.cityBlock, h);
  if (lv < 0) lv = matchOne(p.schoolBlock, h);
  if (lv >= 0) {
    d.action = ACTION.BLOCK;
    d.category = 'custom';
    d.level = lv;
    d.rule = p.cityBlock && matchOne(p.cityBlock, h) >= 0 ? 'city_block' : 'school_block';
    return d;
  }
  const allowed = matchOne(p.allow, h) >= 0;
  if (!allowed) {
    let extra = 0;
    if (p.schedules.length) {
      const { day, minute } = localTime(nowMs);
      for (const s of p.schedules) {
        if (!active(s, day, minute)) continue;
        if (s.learning && !(m.blocked & p.allowKindMask)) {
          d.action = ACTION.BLOCK;
          d.category = 'learning_mode';
          d.rule = `schedule:${s.name}`;
          return d;
        }
        extra |= s.mask;
      }
    }
    const hit = m.blocked & (p.blockMask | extra) & ~p.allowKindMask;
    if (hit) {
      const bit = lowestBit(hit);
      d.action = ACTION.BLOCK;
      d.category = p.categoryCode(bit);
      d.level = m.level;
      d.rule = p.blockMask & (1 << bit) ? 'list' : 'schedule';
      return d;
    }
  } else {
    d.rule = 'allow';
  }
  const tag = safeSearchTable().firstTag(h.h1[0]!, h.h2[0]!);
  if (tag >= 0) {
    const target = safeTarget(tag, p.safeSearch, p.youtube);
    if (target) {
      d.action = ACTION.SAFE;
      d.target = target;
      d.category = 'safe_search';
      d.rule = 'safe_search';
    }
  }
  return d;
}
