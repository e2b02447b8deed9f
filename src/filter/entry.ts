import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { cliLang } from '../shared/i18n.js';
import { runCompile, runStandalone } from './standalone.js';

/**
 * `lachan filter` (the DNS server alone), entered directly by bin/lachan.js without the rest of the
 * CLI: every module loaded here stays resident for the life of the filter, and the filter has a
 * memory budget (64 MB with 1M domains). Options mirror `lachan filter --help` in main.ts.
 */
const lang = cliLang();
const say = (vi: string, en: string) => (lang === 'en' ? en : vi);

// `lachan filter compile category=file…` comes here too: the filter runs it as a child at first start,
// and the lean entry starts in a fraction of the time the full CLI takes
const compile = process.argv[3] === 'compile';

try {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(compile ? 4 : 3),
    options: compile
      ? { config: { type: 'string', short: 'c' } }
      : {
          list: { type: 'string', multiple: true },
          workers: { type: 'string' },
          config: { type: 'string', short: 'c' },
          // a fleet node (issue 16): the policy comes from the centre, not from a local database
          central: { type: 'string' },
          token: { type: 'string' },
        },
    allowPositionals: compile,
    strict: true,
  });
  const cfg = loadConfig(process.env, values.config as string | undefined);
  if (compile) runCompile(cfg, { list: positionals });
  else {
    const v = values as { list?: string[]; workers?: string; config?: string; central?: string; token?: string };
    if (v.central) {
      const { runNode } = await import('./fleet/node/run-node.js');
      await runNode(cfg, { central: v.central, token: v.token }, say);
    } else await runStandalone(cfg, { list: v.list, workers: v.workers }, v.config, say);
  }
} catch (e) {
  process.stderr.write(
    `${e instanceof ConfigError ? say('Lỗi cấu hình', 'Configuration error') : say('Lỗi', 'Error')}: ${argsError(e) ?? (e instanceof Error ? e.message : String(e))}\n`,
  );
  process.exit(1);
}

/** node:util parseArgs speaks English only ("Unknown option '--x'. To specify a positional…"): said here in the CLI's language, with where to look. */
function argsError(e: unknown): string | null {
  const code = (e as { code?: string }).code;
  if (!code?.startsWith('ERR_PARSE_ARGS_')) return null;
  const what = /'([^']*)'/.exec((e as Error).message)?.[1] ?? '';
  const help = say('xem lachan filter --help', 'see lachan filter --help');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${say('không có tuỳ chọn', 'unknown option')} '${what}'; ${help}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${say('tuỳ chọn cần một giá trị', 'the option needs a value')}: '${what}'; ${help}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${say('tham số thừa', 'unexpected argument')} '${what}'; ${help}`;
  return null;
}
