/**
 * Dependency direction, checked on every run (and so by `.ci/run`, which runs `npm test`).
 *
 * The rules are data, in one place (RULES below), and docs/architecture.md describes the same
 * rules in prose. A forbidden import fails this test with the importing file, its line, the
 * imported file and the rule it breaks. The scanner reads every import form TypeScript has —
 * `import`, `import type`, `export … from`, dynamic `import()` and `import('…')` types — with the
 * compiler's own parser, so a type-only or lazy import cannot slip past a regular expression.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------------------------

/**
 * Where a file belongs: the top folder under src/ (`filter/guard/read-guard.ts` → `filter`), or
 * for the few files at src/'s top their own name (`config.ts` → `config`).
 */
type Area = string;

/** `'*'`: any file of that area; a list: only those files (paths under src/, `*` = one path segment). */
type Allowed = '*' | readonly string[];

interface Rule {
  /** The areas (and, when listed, the files of them) this area may import. Its own area is always allowed. */
  may: Partial<Record<Area, Allowed>>;
  why: string;
}

/** What every feature may build on: the platform's own layers. */
const BASE = { shared: '*', config: '*', context: '*', access: '*', db: '*', audit: '*', http: '*' } as const;

/**
 * Files that wire features together: the CLI (`main.ts` and each feature's `cli.ts`) and the
 * platform (`platform.ts`, the only list of every route module). They may import anything.
 */
const ENTRY_POINTS = ['main.ts', 'platform.ts', '**/cli.ts'];

const RULES: Record<Area, Rule> = {
  shared: { may: {}, why: 'helpers every layer uses: i18n, errors, ids, time, text, secrets — they know no feature' },
  config: { may: { shared: '*' }, why: 'configuration is read before anything else exists' },
  access: { may: { shared: '*' }, why: 'actors, roles and the policy mechanism: every feature decides through it, so it knows none of them' },
  db: {
    // The schema type and the migration list are composed here from what each feature declares.
    may: {
      shared: '*',
      config: '*',
      audit: ['*/tables.ts', '*/migrations.ts'],
      auth: ['*/tables.ts', '*/migrations.ts'],
      org: ['*/tables.ts', '*/migrations.ts'],
      intake: ['*/tables.ts', '*/migrations.ts'],
      filter: ['*/tables.ts', '*/migrations.ts'],
      detect: ['*/tables.ts', '*/migrations.ts'],
      evidence: ['*/tables.ts', '*/migrations.ts'],
      cases: ['*/tables.ts', '*/migrations.ts'],
      programmes: ['*/tables.ts', '*/migrations.ts'],
      indicators: ['*/tables.ts', '*/migrations.ts'],
      http: ['*/tables.ts', '*/migrations.ts'],
    },
    why: 'the database layer joins the features’ tables.ts and migrations.ts and nothing else of theirs',
  },
  context: { may: { shared: '*', config: '*', access: '*', db: '*' }, why: 'Deps and Ctx: what a use case receives' },
  audit: {
    may: { shared: '*', config: '*', context: '*', access: '*', db: '*', http: '*' },
    why: 'every feature writes the audit trail, so it knows none of them',
  },
  http: {
    may: { shared: '*', config: '*', context: '*', access: '*', db: '*', auth: ['auth/authenticate.ts'] },
    why: 'the Fastify app mounts the route modules platform.ts hands it; it imports no feature’s routes (only the authentication hook)',
  },
  outbound: { may: { shared: '*', config: '*' }, why: 'the one checked module every outbound URL fetch goes through' },
  auth: {
    may: {
      ...BASE,
      org: ['org/tables.ts', 'org/tokens/resolve-token.ts', '**/*.policy.ts'],
      intake: ['**/*.policy.ts'],
      detect: ['**/*.policy.ts'],
      filter: ['**/*.policy.ts'],
      cases: ['**/*.policy.ts'],
      programmes: ['**/*.policy.ts'],
      indicators: ['**/*.policy.ts'],
      home: ['**/*.policy.ts'],
    },
    why: 'sign-in reads the users table org owns and resolves org’s API tokens; /auth/me answers the actor’s abilities from every feature’s policies (declarations only)',
  },
  org: {
    may: { ...BASE, auth: ['auth/passwords.ts', 'auth/sessions.ts'] },
    why: 'a user edit hashes the new password and ends the user’s sessions through auth’s entry points',
  },
  evidence: {
    may: { ...BASE },
    why: 'evidence files (store, blurred preview, reveal with reason, PDQ), report links and detection requests: intake and detection both use it, and it knows neither',
  },
  intake: {
    may: { ...BASE, outbound: '*', evidence: '*' },
    why: 'the reporting centre keeps its files and links in evidence/; it never imports detection',
  },
  detect: {
    may: { ...BASE, outbound: '*', evidence: '*', filter: ['filter/confirmed.ts', 'filter/guard/current-guard.ts'], org: ['org/users/names.ts'] },
    why: 'the detection desk reads what intake hands over through evidence/ (never intake itself), confirms sites to the filter and names reviewers',
  },
  filter: {
    may: { ...BASE, outbound: '*', org: ['org/users/names.ts'] },
    why: 'the school DNS filter depends on no other feature (its lean process starts without them); the console side names who decided',
  },
  documents: {
    may: { shared: '*', config: '*' },
    why: 'official documents (.docx in the Decree 30/2020 layout): case letters and the city’s reports use one writer, which knows no feature',
  },
  cases: {
    // Other features only through named entry-point files, listed here as they are used.
    may: {
      ...BASE,
      documents: '*',
      evidence: '*',
      intake: [
        'intake/notify.ts',
        'intake/handovers/case-stage.ts',
        'intake/handovers/take-handover.ts',
        'intake/handovers/list-handovers.ts',
        'intake/handovers/reports-for-cases.ts',
        'intake/handovers/report-urls-for-cases.ts',
      ],
      detect: ['detect/review/case-entry.ts'],
      org: ['org/users/names.ts'],
    },
    why: 'case work starts from intake’s hand-overs and detection’s takedowns through their named entry points; intake and detection never import cases',
  },
  programmes: {
    may: {
      ...BASE,
      documents: '*',
      evidence: '*',
      filter: ['filter/learning-platforms.ts'],
      intake: ['intake/notify.ts'],
      org: ['org/users/names.ts', 'org/tables.ts', 'org/schools/levels.ts', 'org/schools/import-file.ts'],
    },
    why: 'awareness sessions, trainings, outreach and information safety per school; approved learning platforms feed the filter through its entry point',
  },
  indicators: {
    may: {
      ...BASE,
      documents: '*',
      intake: ['intake/feed.ts'],
      detect: ['detect/feed.ts'],
      filter: ['filter/stats/feed.ts'],
      cases: ['cases/feed.ts'],
      programmes: ['programmes/feed.ts', 'programmes/coverage/settings.ts'],
      org: ['org/users/names.ts'],
    },
    why: 'the city’s indicators read each feature through the feed functions it exports (definitions beside them), never its tables',
  },
  home: {
    may: {
      ...BASE,
      intake: ['intake/home-counts.ts'],
      detect: ['detect/review/home-counts.ts'],
      filter: ['filter/home-counts.ts'],
      org: ['org/home-counts.ts'],
      programmes: ['programmes/home-counts.ts'],
    },
    why: 'the console’s home page counts each role’s work through the count function each feature exports (its policy decides the scope)',
  },
  keys: {
    may: {
      ...BASE,
      evidence: ['evidence/store.ts'],
      org: ['org/tables.ts'],
      intake: ['intake/tables.ts'],
      detect: ['detect/review/tables.ts'],
      cases: ['cases/tables.ts', 'cases/work/tables.ts'],
      programmes: ['programmes/tables.ts'],
    },
    why: 'key rotation re-seals the sealed columns each feature declares beside its tables, and the evidence files',
  },
  public: {
    may: { ...BASE, intake: '*', evidence: '*' },
    why: 'the public pages are the reporting centre’s face to the public: they call intake’s use cases',
  },
};

/**
 * TEMPORARY allowances: imports the rules forbid that another piece of work in progress removes.
 * Each names that work; an allowance nobody uses any more fails the test below, so none outlives
 * its reason unnoticed. Remove an entry when its import is gone.
 */
const TEMPORARY: ReadonlyArray<{ from: string; to: string; why: string }> = [
  // None today. (W2-B's src/evidence/, commit 74f5216, removed the intake ↔ detect imports that
  // would have needed one.) Form: { from: 'intake/x.ts', to: 'detect/**', why: 'who removes it' }.
];

// ---------------------------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------------------------

interface ImportRef {
  /** The importing file, relative to the repository. */
  file: string;
  line: number;
  specifier: string;
  typeOnly: boolean;
}

/** Every module specifier a source file names, with its line (1-based). */
function scanImports(file: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: ImportRef[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ file, line, specifier, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      // Only `import type …` is erased whole; `import { type X }` leaves `import {}` behind under
      // verbatimModuleSyntax, which still loads the module.
      add(node, node.moduleSpecifier.text, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      // A computed specifier cannot be checked: refuse it rather than let it through unseen.
      add(node, arg && ts.isStringLiteralLike(arg) ? arg.text : '<computed>', false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The source file a relative specifier names (`./x.js` → `x.ts`), relative to the repository; null for packages. */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(root, path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(js|jsx|mjs)$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return path.relative(root, candidate).split(path.sep).join('/');
  }
  return path.relative(root, base).split(path.sep).join('/');
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

const matches = (file: string, globs: readonly string[]) => globs.some((g) => globToRegExp(g).test(file));

/** `src/filter/guard/x.ts` → `filter`; `src/config.ts` → `config`. */
function areaOf(srcPath: string): Area {
  const parts = srcPath.split('/');
  return parts.length === 1 ? (parts[0] as string).replace(/\.tsx?$/, '') : (parts[0] as string);
}

interface Violation {
  file: string;
  line: number;
  imports: string;
  rule: string;
}

/** Checks one import of a production file under src/ against RULES (paths relative to src/). */
function checkImport(from: string, to: string, rules = RULES, temporary = TEMPORARY, used?: Set<number>): string | null {
  if (matches(from, ENTRY_POINTS)) return null;
  const fromArea = areaOf(from);
  const toArea = areaOf(to);
  if (fromArea === toArea) return null;
  const rule = rules[fromArea];
  if (!rule) return `src/${fromArea}/ has no dependency rule: add it to RULES in test/architecture.test.ts and to docs/architecture.md`;
  if (matches(to, ENTRY_POINTS)) return `${fromArea} → ${to}: only entry points (main.ts, platform.ts, */cli.ts) import an entry point`;
  const allowed = rule.may[toArea];
  if (allowed === '*' || (allowed && matches(to, allowed))) return null;
  const tmp = temporary.findIndex((t) => matches(from, [t.from]) && matches(to, [t.to]));
  if (tmp >= 0) {
    used?.add(tmp);
    return null;
  }
  const may = Object.entries(rule.may)
    .map(([area, a]) => (a === '*' ? area : `${area} (${(a as readonly string[]).join(', ')})`))
    .join(', ');
  return `${fromArea} may import only ${may || 'nothing of ours'} — ${rule.why}`;
}

function walk(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' || name === 'data' ? [] : walk(full, keep);
    return keep(full) ? [path.relative(root, full).split(path.sep).join('/')] : [];
  });
}

/**
 * Production files only: tests (`*.test.ts`) and the test support in src/testing/ cross features
 * on purpose (the token-limit test walks every policy; the test app mounts every module).
 */
const isProduction = (file: string) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !/\.d\.ts$/.test(file);

let scanned: { violations: Violation[]; unusedTemporary: typeof TEMPORARY } | undefined;

/** Scans the tree once per run (both tests below read the result). */
function findViolations(): { violations: Violation[]; unusedTemporary: typeof TEMPORARY } {
  if (scanned) return scanned;
  const violations: Violation[] = [];
  const used = new Set<number>();
  for (const file of walk(path.join(root, 'src'), isProduction)) {
    if (file.startsWith('src/testing/')) continue;
    for (const ref of scanImports(file, readFileSync(path.join(root, file), 'utf8'))) {
      if (ref.specifier === '<computed>') {
        violations.push({ file, line: ref.line, imports: ref.specifier, rule: 'an import() with a computed name cannot be checked: name the module' });
        continue;
      }
      const target = resolveSpecifier(file, ref.specifier);
      if (target === null) continue;
      if (!target.startsWith('src/')) {
        violations.push({ file, line: ref.line, imports: target, rule: 'server code imports only from src/' });
        continue;
      }
      const broken = checkImport(file.slice(4), target.slice(4), RULES, TEMPORARY, used);
      if (broken) violations.push({ file, line: ref.line, imports: target, rule: broken });
    }
  }
  // The console is shipped to browsers: it may take the server's types, never its code.
  for (const file of walk(path.join(root, 'ui', 'src'), isProduction)) {
    for (const ref of scanImports(file, readFileSync(path.join(root, file), 'utf8'))) {
      const target = resolveSpecifier(file, ref.specifier);
      if (target?.startsWith('src/') && !ref.typeOnly) {
        violations.push({
          file,
          line: ref.line,
          imports: target,
          rule: 'the console imports the server only with `import type` (types, never server code in the bundle)',
        });
      }
    }
  }
  scanned = { violations, unusedTemporary: TEMPORARY.filter((_, i) => !used.has(i)) };
  return scanned;
}

const format = (v: Violation) => `${v.file}:${v.line} imports ${v.imports}\n    rule: ${v.rule}`;

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

describe('dependency direction (rules in test/architecture.test.ts, described in docs/architecture.md)', () => {
  it('no production file imports against the rules', () => {
    const { violations } = findViolations();
    // One line per offence: file:line, what it imports, the rule.
    expect(violations.map(format), `forbidden imports:\n${violations.map(format).join('\n')}`).toEqual([]);
  });

  it('every temporary allowance is still needed (remove it once the import is gone)', () => {
    expect(findViolations().unusedTemporary).toEqual([]);
  });

  it('every folder under src/ has a rule and is described in docs/architecture.md', () => {
    const docs = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');
    const folders = readdirSync(path.join(root, 'src')).filter((n) => statSync(path.join(root, 'src', n)).isDirectory());
    const missing: string[] = [];
    for (const folder of folders) {
      if (folder !== 'testing' && !RULES[folder]) missing.push(`src/${folder}/ has no rule in RULES`);
      if (!docs.includes(`${folder}/`)) missing.push(`src/${folder}/ is not described in docs/architecture.md`);
      // Feature sub-folders with code of their own (filter/guard/, detect/images/ …) are named too.
      for (const sub of readdirSync(path.join(root, 'src', folder))) {
        const full = path.join(root, 'src', folder, sub);
        if (sub !== 'data' && sub !== 'testing' && statSync(full).isDirectory() && readdirSync(full).some((f) => isProduction(f))) {
          if (!docs.includes(`${sub}/`)) missing.push(`src/${folder}/${sub}/ is not described in docs/architecture.md`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the dependency checker itself', () => {
  it('finds every import form with its line', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "import { type C } from './c.js';",
      "export { d } from './d.js';",
      "export type { E } from './e.js';",
      'const f = await import("./f.js");',
      "type G = import('./g.js').G;",
      "import h = require('./h.js');",
      "import './side-effect.js';",
      'const i = await import(name);',
      "import fs from 'node:fs';",
    ].join('\n');
    expect(scanImports('x.ts', text).map((r) => [r.line, r.specifier, r.typeOnly])).toEqual([
      [1, './a.js', false],
      [2, '../b/b.js', true],
      [3, './c.js', false],
      [4, './d.js', false],
      [5, './e.js', true],
      [6, './f.js', false],
      [7, './g.js', true],
      [8, './h.js', false],
      [9, './side-effect.js', false],
      [10, '<computed>', false],
      [11, 'node:fs', false],
    ]);
  });

  it('refuses the directions the rules forbid and allows the ones they name', () => {
    expect(checkImport('access/rules.ts', 'org/tables.ts', RULES, [])).toMatch(/^access may import only shared/);
    expect(checkImport('http/app.ts', 'public/routes.ts', RULES, [])).toMatch(/^http may import only/);
    expect(checkImport('intake/evidence.ts', 'detect/images/pdq.ts', RULES, [])).toMatch(/^intake may import only/);
    expect(checkImport('filter/service.ts', 'intake/submit.ts', RULES, [])).toMatch(/^filter may import only/);
    // Detection reads what intake hands over through evidence/, never intake itself.
    expect(checkImport('detect/review/items.ts', 'evidence/detection-requests.ts', RULES, [])).toBeNull();
    expect(checkImport('detect/review/items.ts', 'intake/tables.ts', RULES, [])).toMatch(/^detect may import only/);
    expect(checkImport('evidence/pdq.ts', 'detect/images/matcher.ts', RULES, [])).toMatch(/^evidence may import only/);
    // Named entry points only: detection may use the filter's confirmed-site entry, not its tables.
    expect(checkImport('detect/review/decide.ts', 'filter/confirmed.ts', RULES, [])).toBeNull();
    expect(checkImport('detect/review/decide.ts', 'filter/tables.ts', RULES, [])).toMatch(/^detect may import only/);
    expect(checkImport('db/schema.ts', 'filter/tables.ts', RULES, [])).toBeNull();
    expect(checkImport('db/schema.ts', 'filter/routes.ts', RULES, [])).toMatch(/^db may import only/);
    expect(checkImport('filter/routes.ts', 'platform.ts', RULES, [])).toMatch(/only entry points/);
    expect(checkImport('filter/cli.ts', 'org/seed.ts', RULES, [])).toBeNull();
    expect(checkImport('newthing/x.ts', 'shared/ids.ts', RULES, [])).toMatch(/has no dependency rule/);
    expect(checkImport('intake/x.ts', 'detect/y.ts', RULES, [{ from: 'intake/x.ts', to: 'detect/y.ts', why: 't' }])).toBeNull();
  });
});
