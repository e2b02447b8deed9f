import { systemActor } from '../access/actor.js';
import { bindAuditKey } from '../audit/chain-key.js';
import type { Config } from '../config.js';
import type { Ctx } from '../context.js';
import { type Db, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { type Lang, t } from '../shared/i18n.js';
import { newId } from '../shared/ids.js';
import { progressBar } from '../shared/progress.js';
import { loadOrCreateKey, openSealer } from '../shared/secrets.js';
import { systemClock } from '../shared/time.js';
import './messages.js';
import { BANDS, type Band } from './model.js';
import { seedFilter } from './store.js';

/**
 * `lachan filter check`, `lachan filter snapshot`, `lachan filter flush-stats`, `lachan lists
 * import`: the commands that need the database. `lachan filter` itself (the DNS process) is
 * src/filter/standalone.ts and loads none of this.
 */
export async function openDb(cfg: Config): Promise<Db> {
  const db = openDatabase(cfg.databaseUrl, cfg.dataDir);
  // the audit chain is keyed with the platform's secret key (src/audit/chain-key.ts)
  bindAuditKey(db, loadOrCreateKey(cfg.dataDir, cfg.secretKey ?? undefined));
  await migrate(db);
  // a fresh data dir: the organisation's reference data (and demo schools) first
  const anySchool = await db.kysely.selectFrom('schools').select('id').limit(1).executeTakeFirst();
  if (!anySchool) {
    const { seedOrg } = await import('../org/seed.js');
    await seedOrg({ db, config: cfg, sealer: openSealer(cfg.dataDir, cfg.secretKey ?? undefined).sealer, clock: systemClock });
  }
  await seedFilter(db, cfg.dataDir, new Date().toISOString(), newId);
  return db;
}

export function cliCtx(db: Db, cfg: Config, label: string): Ctx {
  return {
    db,
    config: cfg,
    sealer: openSealer(cfg.dataDir, cfg.secretKey ?? undefined).sealer,
    clock: systemClock,
    actor: systemActor(label),
    origin: { ip: null },
  };
}

/**
 * `lachan filter snapshot`: writes <data>/filter/snapshot.json and the compiled domain table from
 * the database, then exits. `lachan filter` runs it as a child when no snapshot exists yet, so the
 * DNS process itself never loads a database driver (src/filter/standalone.ts).
 */
export async function runSnapshot(cfg: Config, say: (vi: string, en: string) => string): Promise<void> {
  const db = await openDb(cfg);
  try {
    const { buildSnapshot } = await import('./store.js');
    const { snapshot, tables } = await buildSnapshot(db.kysely, cfg.dataDir, new Date().toISOString());
    process.stdout.write(
      `${say('Đã ghi snapshot', 'Snapshot written')} ${snapshot.version} · ${tables.reduce((n, t) => n + t.size, 0)} ${say('tên miền', 'domains')} · ${snapshot.networks.length} ${say('dải mạng', 'networks')}\n`,
    );
  } finally {
    await db.close();
  }
}

/** `lachan filter flush-stats`: adds the statistics a standalone filter spooled to disk to the database. */
/** `lachan filter conflicts`: overlapping ranges of different schools (src/filter/networks/cli.ts); exit code 1 while any remain. */
export async function runConflicts(cfg: Config, lang: Lang, out: (s: string) => void): Promise<number> {
  const db = await openDb(cfg);
  try {
    const { printConflicts } = await import('./networks/cli.js');
    return await printConflicts(cliCtx(db, cfg, 'cli:filter-conflicts'), lang, out);
  } finally {
    await db.close();
  }
}

export async function runFlushStats(cfg: Config): Promise<number> {
  const db = openDatabase(cfg.databaseUrl, cfg.dataDir);
  try {
    await migrate(db);
    const { storeDrain } = await import('./service.js');
    const { drainSpool } = await import('./spool.js');
    return await drainSpool(cfg.dataDir, (d) => storeDrain(db.kysely, d));
  } finally {
    await db.close();
  }
}

export async function runCheck(
  cfg: Config,
  domain: string,
  opts: { school?: string; band: string; at?: string },
  lang: Lang,
  out: (s: string) => void,
): Promise<number> {
  if (!BANDS.includes(opts.band as Band)) throw new Error(`--band: ${BANDS.join(', ')}`);
  const db = await openDb(cfg);
  try {
    let schoolId: string | null = null;
    if (opts.school) {
      const s = await db.kysely
        .selectFrom('schools')
        .select('id')
        .where((eb) => eb.or([eb('id', '=', opts.school!), eb('code', '=', opts.school!)]))
        .executeTakeFirst();
      if (!s) throw new Error(`school not found: ${opts.school}`);
      schoolId = s.id;
    }
    const { explain } = await import('./explain.js');
    const at = opts.at ? Date.parse(opts.at) : undefined;
    const e = await explain(db.kysely, cfg.dataDir, domain, schoolId, opts.band as Band, at);
    const cat = e.category ? ` — ${e.category}${e.mandatory ? (lang === 'en' ? ' (city-mandatory)' : ' (bắt buộc toàn thành phố)') : ''}` : '';
    out(`${e.domain}: ${t(lang, `filter.decision.${e.decision}`)}${cat}\n`);
    const rule = lang === 'en' ? 'rule' : 'quy tắc';
    if (e.target) out(`  → CNAME ${e.target}\n`);
    out(`  ${rule}: ${e.rule}${e.matched ? ` (${lang === 'en' ? 'matched' : 'khớp'} ${e.matched})` : ''}\n`);
    for (const l of e.lists) out(`  ${lang === 'en' ? 'list' : 'danh sách'} '${l.name}' [${l.category}]: ${l.rules.join(', ')}\n`);
    // issue 11: a guarded name is never blocked by a third-party list; a city decision may still block it
    if (e.guard)
      out(
        lang === 'en'
          ? `  guarded: ${e.guard.domain} — ${e.guard.reasonEn} (list lines for it are refused)\n`
          : `  được bảo vệ: ${e.guard.domain} — ${e.guard.reasonVi} (các dòng danh sách chặn nó bị từ chối)\n`,
      );
    if (e.guardDecision)
      out(
        `  ${lang === 'en' ? 'city decision' : 'quyết định của thành phố'}: ${e.guardDecision.domain} [${e.guardDecision.category}] — ${e.guardDecision.reason}\n`,
      );
    return e.decision === 'allowed' ? 0 : 0;
  } finally {
    await db.close();
  }
}

export async function runListsImport(
  cfg: Config,
  source: string,
  opts: { category: string; name?: string },
  lang: Lang,
  out: (s: string) => void,
): Promise<void> {
  const db = await openDb(cfg);
  const bar = progressBar(lang === 'en' ? 'Downloading' : 'Đang tải');
  try {
    const { importList } = await import('./lists/import-list.js');
    const isUrl = /^https?:\/\//i.test(source);
    const r = await importList(
      cliCtx(db, cfg, 'cli:lists-import'),
      { name: opts.name ?? source.split('/').pop() ?? source, category: opts.category, ...(isUrl ? { url: source } : { file: source }) },
      bar.update,
    );
    bar.stop();
    for (const rej of r.rejectedLines.slice(0, 200))
      out(`${lang === 'en' ? 'line' : 'dòng'} ${rej.line}: ${t(lang, `filter.reject.${rej.reason}`)} — ${rej.text}\n`);
    if (r.rejected > 200) out(`… ${r.rejected - 200} ${lang === 'en' ? 'more rejected lines' : 'dòng bị từ chối khác'}\n`);
    out(
      lang === 'en'
        ? `List '${r.list.name}' [${r.list.category_code}]: ${r.lines} lines · ${r.accepted} rules (${r.exceptions} exceptions) · ${r.rejected} rejected\n`
        : `Danh sách '${r.list.name}' [${r.list.category_code}]: ${r.lines} dòng · ${r.accepted} quy tắc (${r.exceptions} ngoại lệ) · ${r.rejected} bị từ chối\n`,
    );
  } finally {
    bar.stop();
    await db.close();
  }
}
