// Builds the udp_batch addon with node-gyp, and never fails the project's build: without the
// addon the DNS filter serves UDP through node:dgram (slower, same answers). Linux only
// (recvmmsg/sendmmsg). Offline: the headers come from the local Node install (--nodedir), not
// from a download.
//   node native/udp-batch/build.mjs [--strict]   (--strict: exit 1 when the build fails)
//   LACHAN_SKIP_NATIVE=1 skips it (a machine without a C toolchain, on purpose)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const strict = process.argv.includes('--strict');
const warn = (why) => {
  process.stderr.write(`udp-batch: ${why}; the DNS filter will use node:dgram for UDP\n`);
  process.exit(strict ? 1 : 0);
};

if (process.platform !== 'linux') warn(`not built on ${process.platform} (needs Linux recvmmsg/sendmmsg)`);
if (process.env.LACHAN_SKIP_NATIVE === '1') warn('skipped (LACHAN_SKIP_NATIVE=1)');

// node-gyp: the one npm runs scripts with (npm_config_node_gyp), else the one bundled with npm
const prefix = path.resolve(path.dirname(process.execPath), '..');
const gyp = [
  process.env.npm_config_node_gyp,
  path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].find((f) => f && existsSync(f));
if (!gyp) warn('node-gyp not found');

// the headers of the running node, so node-gyp does not try to download them
const args = [gyp, 'rebuild', '--directory', here, '--loglevel', 'warn'];
const nodedir = process.env.npm_config_nodedir;
if (!nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) warn(`node-gyp failed (${r.error?.message ?? `exit ${r.status}`})`);
process.stdout.write(`udp-batch: built ${path.join(here, 'build', 'Release', 'udp_batch.node')}\n`);
