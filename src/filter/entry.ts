import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { cliLang } from '../shared/i18n.js';
import { runStandalone } from './standalone.js';

/**
 * `lachan filter` (the DNS server alone), entered directly by bin/lachan.js without the rest of the
 * CLI: every module loaded here stays resident for the life of the filter, and the filter has a
 * memory budget (64 MB with 1M domains). Options mirror `lachan filter --help` in main.ts.
 */
const lang = cliLang();
const say = (vi: string, en: string) => (lang === 'en' ? en : vi);

try {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { list: { type: 'string', multiple: true }, workers: { type: 'string' }, config: { type: 'string', short: 'c' } },
    strict: true,
  });
  const cfg = loadConfig(process.env, values.config);
  await runStandalone(cfg, { list: values.list, workers: values.workers }, values.config, say);
} catch (e) {
  process.stderr.write(`${e instanceof ConfigError ? say('Lỗi cấu hình', 'Configuration error') : say('Lỗi', 'Error')}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
