import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { type Role, systemActor } from './access/actor.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { Ctx, Deps } from './context.js';
import { ROLE_CODES } from './org/users/roles.js';
import type { UserPatch } from './org/users/save-user.js';
import { AppError } from './shared/errors.js';
import { cliLang, t } from './shared/i18n.js';
import { randomToken } from './shared/ids.js';
import { progressBar } from './shared/progress.js';

// Commands load what they need when they run, so `--help` and small commands start fast.
const platform = () => import('./platform.js');
const database = () => import('./db/database.js');

/**
 * The `lachan` command. Output is Vietnamese; LACHAN_LANG=en switches to English.
 * Errors end with one clear line on stderr and exit code 1.
 */
const lang = cliLang();
const say = (vi: string, en: string) => (lang === 'en' ? en : vi);

function config(cmd: Command): Config {
  const opts = cmd.optsWithGlobals() as { config?: string };
  return loadConfig(process.env, opts.config);
}

/** The command line acts as the system itself: whoever runs it already holds the server. */
function cliCtx(deps: Deps, label: string): Ctx {
  return { ...deps, actor: systemActor(label), origin: { ip: null } };
}

/**
 * commander's own words (errors, help headings) in Vietnamese when the CLI speaks it: an operator
 * should not meet "error: unknown option" or "display help for command" in an otherwise Vietnamese
 * tool. Set on the program before any command is added: subcommands inherit it.
 */
const COMMANDER_VI: Array<[RegExp, string]> = [
  [/^error: unknown option '([^']*)'/, "Lỗi: không có tuỳ chọn '$1'"],
  [/^error: unknown command '([^']*)'/, "Lỗi: không có lệnh '$1'"],
  [/^error: missing required argument '([^']*)'/, "Lỗi: thiếu tham số bắt buộc '$1'"],
  [/^error: option '([^']*)' argument missing/, "Lỗi: tuỳ chọn '$1' cần một giá trị"],
  [/^error: required option '([^']*)' not specified/, "Lỗi: thiếu tuỳ chọn bắt buộc '$1'"],
  [/^error: too many arguments[^.]*\./, 'Lỗi: thừa tham số.'],
  [/\(Did you mean ([^?]*)\?\)/, '(Ý bạn là $1?)'],
  [/^Usage:/gm, 'Cách dùng:'],
  [/^Arguments:/gm, 'Tham số:'],
  [/^Options:/gm, 'Tuỳ chọn:'],
  [/^Commands:/gm, 'Lệnh:'],
  [/^Global Options:/gm, 'Tuỳ chọn chung:'],
];
const commanderWords = (text: string) => (lang === 'en' ? text : COMMANDER_VI.reduce((t, [re, vi]) => t.replace(re, vi), text));

const program = new Command('lachan')
  .description(say('Lá Chắn — nền tảng bảo vệ trẻ em trên không gian mạng', 'Lá Chắn — protecting children online'))
  .addOption(new Option('-c, --config <file>', say('tệp cấu hình JSON (khoá giống biến môi trường)', 'JSON config file (keys as env variables)')))
  .helpOption('-h, --help', say('hiện trợ giúp của lệnh', 'display help for command'))
  .helpCommand('help [command]', say('hiện trợ giúp của một lệnh', 'display help for command'))
  .configureOutput({
    writeOut: (str) => process.stdout.write(commanderWords(str)),
    writeErr: (str) => process.stderr.write(commanderWords(str)),
  })
  .showHelpAfterError()
  .version(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string);

program
  .command('start')
  .description(say('chạy nền tảng: cơ sở dữ liệu, API, giao diện quản trị', 'run the platform: database, API, console'))
  .action(async (_o, cmd: Command) => {
    const cfg = config(cmd);
    const started = Date.now();
    // Signals are handled from the first moment: one that arrives while starting (or in the instant
    // after "ready" is printed) stops the platform cleanly once it is up, instead of killing it.
    let stopping: string | null = null;
    let running: Awaited<ReturnType<Awaited<ReturnType<typeof platform>>['startPlatform']>> | null = null;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = signal;
      if (!running) return; // picked up right after start
      process.stdout.write(`${say('Đang dừng', 'Stopping')} (${signal})…\n`);
      running.close().then(
        () => process.exit(0),
        (e) => {
          process.stderr.write(`${String(e)}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    running = await (await platform()).startPlatform(cfg);
    const admin = running.seed?.firstAdmin;
    if (admin?.generated) {
      process.stdout.write(
        `\n${say('Tài khoản quản trị đầu tiên (chỉ hiện một lần, hãy lưu lại)', 'First administrator (shown once, keep it safe)')}:\n  ${say('tên đăng nhập', 'username')}: ${admin.username}\n  ${say('mật khẩu', 'password')}:      ${admin.password}\n\n`,
      );
    } else if (admin) {
      process.stdout.write(
        `${say('Đã tạo tài khoản quản trị', 'Created administrator')} '${admin.username}' ${say('với mật khẩu trong LACHAN_ADMIN_PASSWORD', 'with the password from LACHAN_ADMIN_PASSWORD')}\n`,
      );
    }
    process.stdout.write(
      `${say('Lá Chắn sẵn sàng sau', 'Lá Chắn ready in')} ${Date.now() - started} ms — ${say('giao diện quản trị', 'console')}: ${running.httpUrl}/console/ · API: ${running.httpUrl}/api/docs · ${running.deps.db.description}\n`,
    );
    if (stopping) {
      const signal: string = stopping;
      stopping = null;
      stop(signal);
    }
  });

program
  .command('migrate')
  .description(say('cập nhật cấu trúc cơ sở dữ liệu (chỉ tiến, không lùi)', 'bring the database schema up to date (forward-only)'))
  .action(async (_o, cmd: Command) => {
    const cfg = config(cmd);
    const db = (await database()).openDatabase(cfg.databaseUrl, cfg.dataDir);
    try {
      const { applied } = await (await import('./db/migrate.js')).migrate(db);
      process.stdout.write(
        applied.length ? `${say('Đã áp dụng', 'Applied')}: ${applied.join(', ')}\n` : `${say('Cơ sở dữ liệu đã mới nhất', 'Database is up to date')}\n`,
      );
    } finally {
      await db.close();
    }
  });

const importCmd = program.command('import').description(say('nhập dữ liệu từ tệp', 'import data from files'));
importCmd
  .command('schools')
  .description(
    say(
      'nhập trường học từ CSV/XLSX: giữ dòng đúng, báo dòng sai kèm số dòng và lý do',
      'import schools from CSV/XLSX: keeps good rows, reports bad rows with line and reason',
    ),
  )
  .argument('<file>', say('tệp .csv hoặc .xlsx', '.csv or .xlsx file'))
  .option('--dry-run', say('chỉ kiểm tra, không ghi', 'check only, write nothing'))
  .action(async (file: string, opts: { dryRun?: boolean }, cmd: Command) => {
    const bytes = readFileSync(file);
    const p = await (await platform()).openPlatform(config(cmd));
    const bar = progressBar(say('Đọc tệp', 'Reading'));
    try {
      const { importSchools } = await import('./org/schools/import-schools.js');
      const r = await importSchools(
        cliCtx(p.deps, 'cli:import'),
        { filename: path.basename(file), bytes },
        { dryRun: opts.dryRun === true, onProgress: bar.update },
      );
      bar.stop();
      for (const rej of r.rejected) process.stdout.write(`${say('dòng', 'line')} ${rej.line}: ${t(lang, rej.code, rej.params)}\n`);
      process.stdout.write(
        `${say('Tổng', 'Total')} ${r.total} · ${say('hợp lệ', 'valid')} ${r.valid} · ${say('thêm mới', 'created')} ${r.created} · ${say('cập nhật', 'updated')} ${r.updated} · ${say('bị từ chối', 'rejected')} ${r.rejected.length}${opts.dryRun ? say(' (chạy thử, không ghi gì)', ' (dry run, nothing written)') : ''}\n`,
      );
    } finally {
      bar.stop();
      await p.close();
    }
  });

const userCmd = program.command('user').description(say('quản lý tài khoản cán bộ', 'manage staff accounts'));
userCmd
  .command('create')
  .description(say('tạo tài khoản; mật khẩu được tạo ngẫu nhiên và in ra nếu không truyền', 'create an account; a random password is printed if none is given'))
  .requiredOption('-u, --username <name>')
  .addOption(new Option('-r, --role <role>').choices(ROLE_CODES).makeOptionMandatory())
  .option('-n, --name <display name>')
  .option('--unit <unitId>', say('mã phường/xã (cán bộ xử lý vụ việc)', 'ward/commune code (case worker)'))
  .option('--agency <agencyId>')
  .option('--school <schoolId>')
  .action(async (o: { username: string; role: Role; name?: string; unit?: string; agency?: string; school?: string }, cmd: Command) => {
    const password = process.env.LACHAN_NEW_PASSWORD ?? randomToken(18);
    const p = await (await platform()).openPlatform(config(cmd));
    try {
      const { createUser } = await import('./org/users/save-user.js');
      const u = await createUser(cliCtx(p.deps, 'cli'), {
        username: o.username,
        displayName: o.name ?? o.username,
        password,
        role: o.role,
        unitId: o.unit ?? null,
        agencyId: o.agency ?? null,
        schoolId: o.school ?? null,
      });
      process.stdout.write(
        `${say('Đã tạo', 'Created')} ${u.username} (${u.role})${process.env.LACHAN_NEW_PASSWORD ? '' : ` — ${say('mật khẩu', 'password')}: ${password}`}\n`,
      );
    } finally {
      await p.close();
    }
  });

async function adminOnUser(cmd: Command, username: string, patch: UserPatch, done: string): Promise<void> {
  const p = await (await platform()).openPlatform(config(cmd));
  const { updateUser } = await import('./org/users/save-user.js');
  try {
    const u = await p.deps.db.kysely.selectFrom('users').select('id').where('username', '=', username.toLowerCase()).executeTakeFirst();
    if (!u) throw new AppError(404, 'not_found');
    await updateUser(cliCtx(p.deps, 'cli'), u.id, patch);
    process.stdout.write(`${done}\n`);
  } finally {
    await p.close();
  }
}

userCmd
  .command('reset-password')
  .description(say('đặt mật khẩu mới ngẫu nhiên, mở khoá và đóng mọi phiên', 'set a new random password, unlock and end all sessions'))
  .argument('<username>')
  .action(async (username: string, _o, cmd: Command) => {
    const password = randomToken(18);
    await adminOnUser(cmd, username, { password, unlock: true }, `${say('Mật khẩu mới', 'New password')}: ${password}`);
  });
userCmd
  .command('unlock')
  .description(say('mở khoá tài khoản bị khoá do đăng nhập sai', 'unlock an account locked by failed sign-ins'))
  .argument('<username>')
  .action(async (username: string, _o, cmd: Command) => adminOnUser(cmd, username, { unlock: true }, say('Đã mở khoá', 'Unlocked')));

const keysCmd = program.command('keys').description(say('khoá mã hoá dữ liệu định danh', 'encryption keys of identifying data'));
keysCmd
  .command('rotate')
  .description(
    say(
      'mã hoá lại mọi trường và tệp chứng cứ bằng khoá mới khi máy chủ vẫn chạy, rồi xoá khoá cũ; chạy lại để tiếp tục nếu bị gián đoạn',
      're-seal every field and evidence file under a new key while the server runs, then remove the old key; run again to resume',
    ),
  )
  .option('--batch <rows>', say('số dòng mỗi giao dịch (mặc định 500)', 'rows per transaction (default 500)'))
  .action(async (opts: { batch?: string }, cmd: Command) => {
    await (await import('./keys/cli.js')).runKeysRotate(config(cmd), opts, lang, (s) => process.stdout.write(s));
  });

const auditCmd = program.command('audit').description(say('nhật ký kiểm toán', 'audit trail'));
auditCmd
  .command('verify')
  .description(say('kiểm tra chuỗi băm của nhật ký; chỉ ra mục hỏng đầu tiên', 'walk the hash chain; name the first broken entry'))
  .option(
    '--anchor <file>',
    say(
      'đối chiếu với một tệp neo (lachan audit anchor): phát hiện chuỗi bị cắt bớt hoặc bị viết lại',
      'check against an anchor file (lachan audit anchor): notices a chain cut short or rewritten',
    ),
  )
  .action(async (opts: { anchor?: string }, cmd: Command) => {
    const { runAuditVerify } = await import('./audit/cli.js');
    process.exitCode = await runAuditVerify(config(cmd), opts, lang, (s) => process.stdout.write(s), say('Kiểm tra', 'Verifying'));
  });
auditCmd
  .command('anchor')
  .description(
    say(
      'ký và ghi đầu chuỗi nhật ký (số thứ tự, mã băm, thời điểm) ra tệp neo; mặc định <thư mục dữ liệu>/audit-anchors/NGÀY.json',
      'sign and write the audit chain head (sequence, hash, time) to an anchor file; default <data dir>/audit-anchors/DATE.json',
    ),
  )
  .option('--out <file>', say('tệp neo cần ghi', 'anchor file to write'))
  .action(async (opts: { out?: string }, cmd: Command) => {
    await (await import('./audit/cli.js')).runAuditAnchor(config(cmd), opts, lang, (s) => process.stdout.write(s));
  });

const filterCmd = program
  .command('filter')
  .description(say('chạy riêng bộ lọc DNS cho trường học (UDP+TCP trên LACHAN_DNS_ADDR)', 'run the school DNS filter alone (UDP+TCP on LACHAN_DNS_ADDR)'))
  .option('--list <category=file...>', say('nạp thêm một danh sách tên miền vào một nhóm khi khởi động', 'load an extra domain list into a category at start'))
  .option(
    '--workers <n|auto>',
    say(
      'số tiến trình phục vụ DNS (node:cluster, chung một cổng UDP); mặc định 1, hoặc LACHAN_DNS_WORKERS',
      'DNS serving processes (node:cluster, one shared UDP port); default 1, or LACHAN_DNS_WORKERS',
    ),
  )
  .option(
    '--central <url>',
    say(
      'chạy như một trạm lọc: nhận chính sách từ trung tâm này (địa chỉ https://…)',
      'run as a filter node: take the policy from this centre (an https://… address)',
    ),
  )
  .option('--token <token>', say('mã ghi danh dùng một lần của trạm lọc (lần chạy đầu)', "the filter node's one-time enrolment token (first start)"))
  .action(async (opts: { list?: string[]; workers?: string; central?: string; token?: string }, cmd: Command) =>
    opts.central
      ? (await import('./filter/fleet/node/run-node.js')).runNode(config(cmd), { central: opts.central, token: opts.token }, say)
      : (await import('./filter/standalone.js')).runStandalone(config(cmd), opts, (cmd.optsWithGlobals() as { config?: string }).config, say),
  );
filterCmd
  .command('snapshot')
  .description(
    say(
      'ghi snapshot.json và bảng tên miền đã biên dịch từ cơ sở dữ liệu rồi thoát (lachan filter tự chạy lệnh này khi chưa có)',
      'write snapshot.json and the compiled domain table from the database, then exit (lachan filter runs this when there is none)',
    ),
  )
  .action(async (_o, cmd: Command) => {
    await (await import('./filter/cli.js')).runSnapshot(config(cmd), say);
  });
filterCmd
  .command('compile')
  .description(say('biên dịch trước các tệp --list vào bộ nhớ đệm của bộ lọc rồi thoát', "compile --list files into the filter's cache, then exit"))
  .argument('<category=file...>')
  .action(async (list: string[], _o, cmd: Command) => (await import('./filter/standalone.js')).runCompile(config(cmd), { list }));
filterCmd
  .command('flush-stats')
  .description(say('đưa thống kê do lachan filter ghi tạm vào cơ sở dữ liệu', 'add the statistics lachan filter spooled to disk to the database'))
  .action(async (_o, cmd: Command) => {
    await (await import('./filter/cli.js')).runFlushStats(config(cmd));
  });
filterCmd
  .command('conflicts')
  .description(
    say(
      'liệt kê các dải mạng của những trường khác nhau bị trùng nhau (mã thoát 1 khi còn)',
      'list overlapping ranges of different schools (exit code 1 while any remain)',
    ),
  )
  .action(async (_o, cmd: Command) => {
    process.exitCode = await (await import('./filter/cli.js')).runConflicts(config(cmd), lang, (s) => process.stdout.write(s));
  });
filterCmd
  .command('addresses')
  .description(
    say(
      'địa chỉ DNS-over-HTTPS và tên DNS-over-TLS của từng cấp học của trường (cho thiết bị dùng ngoài mạng trường); mỗi địa chỉ là bí mật của cấp học đó',
      "each school band's DNS-over-HTTPS URL and DNS-over-TLS name (for devices off the school network); each address is that band's secret",
    ),
  )
  .option('--school <code|id>', say('chỉ trường này', 'only this school'))
  .option(
    '--band <band>',
    say(
      'chỉ cấp học này: kindergarten (mầm non), primary (tiểu học), lower_secondary (THCS), upper_secondary (THPT), staff (cán bộ, giáo viên)',
      'only this band: kindergarten, primary, lower_secondary, upper_secondary, staff',
    ),
  )
  .option(
    '--doh-url <url>',
    say('gốc URL DoH, ví dụ https://dns.hanoi.edu.vn (mặc định: LACHAN_DOH_ADDR)', 'DoH base URL, e.g. https://dns.hanoi.edu.vn (default: LACHAN_DOH_ADDR)'),
  )
  .option('--dot-suffix <domain>', say('tên miền chứng chỉ DoT phủ (*.tên-miền)', 'the domain the DoT certificate covers (*.domain)'))
  .action(async (opts: { school?: string; band?: string; dohUrl?: string; dotSuffix?: string }, cmd: Command) => {
    const cfg = config(cmd);
    const { runEncryptedAddresses, centreSchools } = await import('./filter/encrypted-addresses.js');
    // at the centre every school of the database (one with no network or rule yet too); a node has no database
    process.exitCode = await runEncryptedAddresses(
      cfg,
      opts,
      say,
      (s) => process.stdout.write(s),
      async () => {
        const db = await (await import('./filter/cli.js')).openDb(cfg);
        try {
          return await centreSchools(db.kysely, opts.school);
        } finally {
          await db.close();
        }
      },
    );
  });
filterCmd
  .command('check')
  .description(
    say(
      'vì sao tên miền này bị chặn với cấp học này ở trường này? In quyết định và quy tắc',
      'why is this domain blocked for this band at this school? Prints the decision and the rule',
    ),
  )
  .argument('<domain>')
  .option('--school <code|id>', say('mã trường (ví dụ DEMO-TH-01)', 'school code (e.g. DEMO-TH-01)'))
  .requiredOption('--band <band>', 'kindergarten | primary | lower_secondary | upper_secondary | staff')
  .option('--at <iso-time>', say('thời điểm kiểm tra (lịch giờ học)', 'time to check at (schedules)'))
  .action(async (domain: string, opts: { school?: string; band: string; at?: string }, cmd: Command) => {
    await (await import('./filter/cli.js')).runCheck(config(cmd), domain, opts, lang, (s) => process.stdout.write(s));
  });
const detectCmd = program.command('detect').description(say('phát hiện nội dung có hại: văn bản, hình ảnh', 'harmful-content detection: text, images'));
detectCmd
  .command('train')
  .description(
    say(
      'huấn luyện mô hình ngôn ngữ xúc phạm trên ViHOS (và tệp thêm), ghi tệp trọng số',
      'train the offensive-language model on ViHOS (and extra files), write the weights file',
    ),
  )
  .option('--out <file>', say('tệp trọng số (mặc định: tệp đi kèm dự án)', 'weights file (default: the one shipped with the project)'))
  .option('--extra <file.jsonl...>', say('thêm ví dụ {"text","label":"clean|offensive"}', 'extra examples {"text","label":"clean|offensive"}'))
  .action(async (opts: { out?: string; extra?: string[] }) => {
    (await import('./detect/text/cli.js')).runTrain(opts, say, (s) => process.stdout.write(s));
  });
detectCmd
  .command('classify')
  .description(
    say(
      'phân loại một văn bản (hoặc - để đọc từ stdin): nhóm nội dung, điểm, nhãn xúc phạm',
      'classify a text (or - for stdin): categories, scores, offensive label',
    ),
  )
  .argument('<text>')
  .action(async (text: string) => {
    (await import('./detect/text/cli.js')).runClassify(text, lang === 'en' ? 'en' : 'vi', say, (s) => process.stdout.write(s));
  });
detectCmd
  .command('hash')
  .description(say('băm PDQ ảnh: mã, chất lượng (--all: thêm 8 biến thể xoay/lật)', 'PDQ-hash images: hash, quality (--all: the 8 rotations/flips too)'))
  .argument('<image...>')
  .option('--all', say('in cả 8 mã xoay/lật', 'print the 8 dihedral hashes'))
  .action(async (files: string[], opts: { all?: boolean }) => {
    await (await import('./detect/images/cli.js')).runHash(files, opts, (s) => process.stdout.write(s));
  });
const banksCmd = program.command('banks').description(say('ngân hàng mã băm ảnh (PDQ, SHA-256, MD5)', 'image hash banks (PDQ, SHA-256, MD5)'));
banksCmd
  .command('import')
  .description(
    say(
      'nhập CSV mã băm hex (mỗi dòng một mã, nhãn tuỳ chọn) vào ngân hàng; tạo ngân hàng nếu chưa có',
      'import a CSV of hex hashes (one per line, optional label) into a bank; creates the bank if missing',
    ),
  )
  .argument('<file>')
  .requiredOption('--bank <code>')
  .option('--kind <kind>', 'pdq | sha256 | md5', 'pdq')
  .option('--name <name>')
  .action(async (file: string, opts: { bank: string; kind?: string; name?: string }, cmd: Command) => {
    await (await import('./detect/images/cli.js')).runBanksImport(config(cmd), file, opts, lang, (s) => process.stdout.write(s));
  });
banksCmd
  .command('export')
  .description(say('xuất ngân hàng ra CSV (hash,label) trên stdout', 'export a bank as CSV (hash,label) on stdout'))
  .argument('<code>')
  .action(async (code: string, _o, cmd: Command) => {
    await (await import('./detect/images/cli.js')).runBanksExport(config(cmd), code, (s) => process.stdout.write(s));
  });

const listsCmd = program.command('lists').description(say('danh sách chặn của bộ lọc DNS', 'DNS filter block lists'));
listsCmd
  .command('import')
  .description(
    say(
      'nhập danh sách (hosts, tên miền, ||tên^, @@ngoại lệ, *.tên) từ tệp hoặc URL vào một nhóm',
      'import a list (hosts, domains, ||name^, @@exceptions, *.name) from a file or URL into a category',
    ),
  )
  .argument('<file-or-url>')
  .requiredOption('--category <code>', say('nhóm, ví dụ adult, gambling, scam, self_harm', 'category, e.g. adult, gambling, scam, self_harm'))
  .option('--name <name>')
  .action(async (source: string, opts: { category: string; name?: string }, cmd: Command) => {
    await (await import('./filter/cli.js')).runListsImport(config(cmd), source, opts, lang, (s) => process.stdout.write(s));
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) process.stderr.write(`${say('Lỗi cấu hình', 'Configuration error')}: ${e.message}\n`);
  else if (e instanceof AppError) process.stderr.write(`${t(lang, e.code, e.params)}\n`);
  else process.stderr.write(`${say('Lỗi', 'Error')}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
