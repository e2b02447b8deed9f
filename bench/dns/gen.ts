// Deterministic inputs for the DNS filter benchmark:
//   blocklist.txt       1,000,000 domains: the real Vietnamese lists (hostsVN, ChongLuaDao, the
//                       copies in seed/blocklists) topped up with seeded synthetic names
//   allowed.txt         the fixed set of allowed names (none of them, nor a parent, is blocked)
//   queries.txt         dnsperf input: 70 % allowed names, 30 % blocked names (¼ of them asked as
//                       a subdomain of a listed name), A mostly, 15 % AAAA
//   warmup.txt          every allowed name once as A and once as AAAA: after it, allowed answers are cached
//   dnsmasq-block.conf  address=/domain/ per listed domain (NXDOMAIN for it and its subdomains)
//   hosts.txt           0.0.0.0 domain per listed domain (dnsmasq addn-hosts: exact names only)
//   unbound-block.conf  local-zone: "domain." always_nxdomain per listed domain
// Same seed → byte-identical files (sha256 in manifest.json).
//   npx tsx bench/dns/gen.ts [--domains 1000000] [--seed 3679] [--force]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { args, CACHE_DIR, log, pick, ROOT, rng, weighted } from '../lib/common.js';

// 5: the real names come from seed/blocklists (the project's own copies, licences beside them)
// instead of ../shared/data/blocklists, so a clone can run the benchmark. The same 142,382 names
// (the shared folder's extra hostsVN files — *-VN.txt, option_domain*.txt — hold no name that the
// seed's four files lack), read in another order, so the generated files differ from version 4.
export const GEN_VERSION = 5;
export const SEED_LISTS = path.resolve(ROOT, 'seed', 'blocklists');

export interface DnsData {
  dir: string;
  blocklist: string;
  allowed: string;
  queries: string;
  warmup: string;
  dnsmasqConf: string;
  dnsmasqHosts: string;
  unboundConf: string;
  manifest: Manifest;
}

export interface Manifest {
  version: number;
  seed: number;
  domains: number;
  realDomains: number;
  realRejected: number;
  realSources: Record<string, number>;
  allowedNames: number;
  queries: number;
  queryMix: { allowed: number; blocked: number; blockedAsSubdomain: number; aaaa: number };
  /** a listed domain from the end of the list and an allowed name: the readiness probes */
  probes: { blocked: string; allowed: string };
  sha256: string;
}

const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Reads every domain list of seed/blocklists (hostsVN *.txt and hosts file, ChongLuaDao). */
export function realDomains(): { names: string[]; rejected: number; sources: Record<string, number> } {
  const files: string[] = [];
  const hv = path.join(SEED_LISTS, 'hostsVN');
  for (const f of readdirSync(hv).sort()) if (f.endsWith('.txt') && !f.includes('_ip_')) files.push(path.join(hv, f));
  files.push(path.join(hv, 'hosts'), path.join(SEED_LISTS, 'chongluadao', 'urls-pihole.txt'));
  const seen = new Set<string>();
  const names: string[] = [];
  const sources: Record<string, number> = {};
  let rejected = 0;
  for (const f of files) {
    if (!existsSync(f)) continue;
    let n = 0;
    for (let line of readFileSync(f, 'utf8').split('\n')) {
      line = line.replace(/#.*/, '').trim().toLowerCase();
      if (!line) continue;
      const parts = line.split(/\s+/);
      const name = (parts.length > 1 ? parts[1] : parts[0])?.replace(/\.$/, '') ?? '';
      if (!HOST.test(name)) {
        rejected++;
        continue;
      }
      if (seen.has(name)) continue;
      seen.add(name);
      names.push(name);
      n++;
    }
    sources[path.relative(SEED_LISTS, f)] = n;
  }
  return { names, rejected, sources };
}

// Label material: Vietnamese syllables without diacritics, English words, brand-like stems.
const VI =
  'an,bao,bet,binh,ca,cai,cuoc,dai,dang,de,den,doi,dua,ga,game,gai,hay,hoa,hot,khach,kieu,lo,loc,luot,ma,mat,minh,moi,nha,nhanh,ngon,nguoi,no,phim,phat,quay,rong,sao,so,song,tai,tam,thien,thu,tien,tin,top,trang,truyen,tu,vang,viet,vip,vui,xanh,xem,xo,xoc'.split(
    ',',
  );
const EN =
  'bet,bonus,cam,casino,cash,chat,club,coin,deal,dating,free,fun,girl,gold,hub,jackpot,live,love,lucky,match,max,mega,movie,news,play,poker,porn,prize,sexy,shop,slot,spin,sport,star,stream,tube,video,win,world,xxx,zone'.split(
    ',',
  );
const SUB = 'www,m,cdn,api,img,static,play,live,vip,login,app,go,link,m1,cdn2,s3,media,track,ads,pay'.split(',');
const TLDS: (readonly [string, number])[] = [
  ['com', 40],
  ['net', 8],
  ['vn', 6],
  ['com.vn', 5],
  ['xyz', 5],
  ['top', 5],
  ['info', 3],
  ['org', 3],
  ['online', 3],
  ['site', 3],
  ['club', 3],
  ['bet', 2],
  ['live', 2],
  ['cc', 2],
  ['me', 2],
  ['io', 1],
  ['pro', 1],
  ['vip', 2],
  ['win', 1],
  ['shop', 1],
  ['app', 1],
  ['tv', 1],
  ['casino', 1],
  ['ru', 1],
  ['cn', 1],
  ['net.vn', 1],
];

function syntheticName(r: () => number): string {
  const word = () => (r() < 0.6 ? pick(r, VI) : pick(r, EN));
  const digits = () => String(Math.floor(r() * (r() < 0.5 ? 100 : 100000)));
  const alnum = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(r() * (i === 0 ? 26 : 36))];
    return s;
  };
  const shape = weighted(r, [
    ['ww', 25],
    ['wd', 20],
    ['dw', 8],
    ['w-w', 8],
    ['www', 10],
    ['rand', 14],
    ['wwd', 10],
    ['w-d', 5],
  ] as const);
  let base: string;
  switch (shape) {
    case 'ww':
      base = word() + word();
      break;
    case 'wd':
      base = word() + digits();
      break;
    case 'dw':
      base = digits() + word();
      break;
    case 'w-w':
      base = `${word()}-${word()}`;
      break;
    case 'www':
      base = word() + word() + word();
      break;
    case 'rand':
      base = alnum(6 + Math.floor(r() * 9));
      break;
    case 'wwd':
      base = word() + word() + digits();
      break;
    default:
      base = `${word()}-${digits()}`;
  }
  const tld = weighted(r, TLDS);
  const sub = r() < 0.22 ? `${pick(r, SUB)}${r() < 0.3 ? Math.floor(r() * 10) : ''}.` : '';
  return `${sub}${base}.${tld}`;
}

// Allowed names look like what pupils and schools use every day; their stems are not in the block vocabulary.
const ALLOWED_STEMS =
  'hanoi,edu,school,hocmai,sachgiaokhoa,baomoi,tintuc,thoitiet,bando,thuvien,toan,vatly,hoahoc,sinhhoc,lichsu,dialy,tienganh,amnhac,mythuat,thethao,giaoduc,hoctap,bai,giang,lop,truong,sach,tu,dien,tra,cuu,khoa,hoc,du,lich,y,te,suc,khoe,van,hoa,cong,nghe,lap,trinh,code,math,science,wiki,docs,mail,drive,calendar,maps,news,weather,dictionary,library,learn,class,exam,quiz,kids,music,art,health,open,data'.split(
    ',',
  );
const ALLOWED_TLDS: (readonly [string, number])[] = [
  ['vn', 25],
  ['edu.vn', 15],
  ['gov.vn', 5],
  ['com.vn', 10],
  ['com', 30],
  ['org', 8],
  ['net', 7],
];
const ALLOWED_SUBS = ['www', 'api', 'static', 'cdn', 'img', 'm', 'login', 'mail', 'docs', 'video', 'assets', 'update'];

function allowedName(r: () => number): string {
  const stem = pick(r, ALLOWED_STEMS) + pick(r, ALLOWED_STEMS) + (r() < 0.3 ? String(Math.floor(r() * 100)) : '');
  const sub = r() < 0.6 ? `${pick(r, ALLOWED_SUBS)}.` : '';
  return `${sub}${stem}.${weighted(r, ALLOWED_TLDS)}`;
}

function blockedBySuffix(name: string, blocked: Set<string>): boolean {
  for (let i = -1; i !== -1 || name.length > 0; ) {
    if (blocked.has(i === -1 ? name : name.slice(i + 1))) return true;
    i = name.indexOf('.', i + 1);
    if (i === -1) return false;
  }
  return false;
}

export function ensureData(opts: { domains?: number; seed?: number; allowedNames?: number; queries?: number; force?: boolean } = {}): DnsData {
  const domains = opts.domains ?? 1_000_000;
  const seed = opts.seed ?? 3679;
  const allowedCount = opts.allowedNames ?? 10_000;
  const queryCount = opts.queries ?? 300_000;
  const dir = path.join(CACHE_DIR, 'dns', `d${domains}-s${seed}-v${GEN_VERSION}`);
  const files = {
    dir,
    blocklist: path.join(dir, 'blocklist.txt'),
    allowed: path.join(dir, 'allowed.txt'),
    queries: path.join(dir, 'queries.txt'),
    warmup: path.join(dir, 'warmup.txt'),
    dnsmasqConf: path.join(dir, 'dnsmasq-block.conf'),
    dnsmasqHosts: path.join(dir, 'hosts.txt'),
    unboundConf: path.join(dir, 'unbound-block.conf'),
  };
  const manifestPath = path.join(dir, 'manifest.json');
  if (!opts.force && existsSync(manifestPath)) {
    return { ...files, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest };
  }
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  log(`generating ${domains.toLocaleString('en-US')} domains (seed ${seed}) into ${path.relative(ROOT, dir)}`);

  const real = realDomains();
  const r = rng(seed);
  const block = new Set<string>();
  const list: string[] = [];
  for (const n of real.names) {
    if (list.length >= domains) break;
    block.add(n);
    list.push(n);
  }
  let lastReport = Date.now();
  while (list.length < domains) {
    const n = syntheticName(r);
    if (block.has(n)) continue;
    block.add(n);
    list.push(n);
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      log(`  ${list.length.toLocaleString('en-US')} / ${domains.toLocaleString('en-US')} domains`);
    }
  }

  const allowed: string[] = [];
  const allowedSeen = new Set<string>();
  while (allowed.length < allowedCount) {
    const n = allowedName(r);
    if (allowedSeen.has(n) || blockedBySuffix(n, block)) continue;
    allowedSeen.add(n);
    allowed.push(n);
  }

  const q: string[] = [];
  let nAllowed = 0;
  let nSub = 0;
  let nAAAA = 0;
  for (let i = 0; i < queryCount; i++) {
    const type = r() < 0.15 ? 'AAAA' : 'A';
    if (type === 'AAAA') nAAAA++;
    if (r() < 0.7) {
      nAllowed++;
      q.push(`${pick(r, allowed)} ${type}`);
    } else {
      let name = pick(r, list);
      if (r() < 0.25) {
        const sub = `${pick(r, SUB)}.${name}`;
        if (sub.length <= 253) {
          name = sub;
          nSub++;
        }
      }
      q.push(`${name} ${type}`);
    }
  }

  const body = `${list.join('\n')}\n`;
  writeFileSync(files.blocklist, body);
  writeFileSync(files.allowed, `${allowed.join('\n')}\n`);
  writeFileSync(files.queries, `${q.join('\n')}\n`);
  writeFileSync(files.warmup, `${allowed.flatMap((n) => [`${n} A`, `${n} AAAA`]).join('\n')}\n`);
  writeFileSync(files.dnsmasqConf, `${list.map((n) => `address=/${n}/`).join('\n')}\n`);
  writeFileSync(files.dnsmasqHosts, `${list.map((n) => `0.0.0.0 ${n}`).join('\n')}\n`);
  writeFileSync(files.unboundConf, `server:\n${list.map((n) => `local-zone: "${n}." always_nxdomain`).join('\n')}\n`);
  const manifest: Manifest = {
    version: GEN_VERSION,
    seed,
    domains: list.length,
    realDomains: Math.min(real.names.length, domains),
    realRejected: real.rejected,
    realSources: real.sources,
    allowedNames: allowed.length,
    queries: q.length,
    queryMix: { allowed: nAllowed / q.length, blocked: 1 - nAllowed / q.length, blockedAsSubdomain: nSub / q.length, aaaa: nAAAA / q.length },
    probes: { blocked: list[list.length - 1] as string, allowed: allowed[0] as string },
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${manifest.realDomains.toLocaleString('en-US')} real + ${(list.length - manifest.realDomains).toLocaleString('en-US')} synthetic`,
  );
  return { ...files, manifest };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const a = args();
  const d = ensureData({ domains: Number(a.get('domains') ?? 1_000_000), seed: Number(a.get('seed') ?? 3679), force: a.has('force') });
  process.stdout.write(`${JSON.stringify({ dir: path.relative(ROOT, d.dir), ...d.manifest }, null, 2)}\n`);
}
