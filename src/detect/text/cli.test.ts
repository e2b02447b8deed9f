import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LinearModel } from './model.js';

/** `lachan detect …` as an operator runs it: the built bin (run `npx tsc -p tsconfig.build.json` first), a real process. */
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const bin = path.join(root, 'bin', 'lachan.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lachan-detect-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [bin, 'detect', ...args], {
    cwd: root,
    env: { ...process.env, ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    timeout: 170_000,
  });
}

describe('lachan detect classify', () => {
  it('prints the categories and the offensive label, in Vietnamese by default and in English on request', { timeout: 60_000 }, () => {
    const vi = run(['classify', 'em bao nhiêu tuổi, đừng nói với bố mẹ nhé']);
    expect(vi.status).toBe(0);
    expect(vi.stdout).toMatch(/^grooming\t0\.\d{3}\tDụ dỗ, tiếp cận trẻ em\t.*secrecy/m);
    expect(vi.stdout).toMatch(/^offensive\t0\.\d{3}\t(clean|offensive|hate) \((sạch|xúc phạm|thù ghét)\)$/m);
    const en = run(['classify', 'đm thằng óc chó'], { env: { LACHAN_LANG: 'en' } });
    expect(en.status).toBe(0);
    expect(en.stdout).toMatch(/^hate\t.*Hate, insults, profanity/m);
    expect(en.stdout).toMatch(/^offensive\t[01]\.\d{3}\t(offensive|hate) \((offensive|hate)\)$/m);
  });

  it('reads standard input with "-", and hostile input (controls, lone surrogates, 1 MB) gets a bounded answer', { timeout: 60_000 }, () => {
    const r = run(['classify', '-'], { input: 'trời hôm nay đẹp quá' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Không phát hiện nhóm nội dung có hại nào');
    expect(r.stdout).toMatch(/^offensive\t0\.\d{3}\tclean \(sạch\)$/m);
    const big = run(['classify', '-'], { input: `\u0000\u001b[31m\ud800 ${'n g u '.repeat(200_000)}` });
    expect(big.status).toBe(0);
    expect(big.stdout).toMatch(/chỉ xét 65536 ký tự đầu/);
  });
});

describe('lachan detect train', () => {
  it('trains on ViHOS plus an --extra file, writes a model that loads; ViHOS alone reproduces the shipped model byte for byte', () => {
    const extra = path.join(tmp, 'extra.jsonl');
    writeFileSync(
      extra,
      `${JSON.stringify({ text: 'đồ ăn hại', label: 'offensive' })}\n\n${JSON.stringify({ text: 'chúc mừng sinh nhật', label: 'clean' })}\n`,
    );
    const out = path.join(tmp, 'a.model');
    const r = run(['train', '--out', out, '--extra', extra]);
    expect(r.stderr).not.toMatch(/Lỗi/);
    expect(r.status).toBe(0);
    // ViHOS train + dev as shipped in data/vihos (9,950 comments: 5,121 clean, 4,829 offensive) plus the two extra lines.
    expect(r.stdout).toMatch(/Đã huấn luyện trên 9952 câu \(clean 5122, offensive 4830\)/);
    const model = LinearModel.deserialize(readFileSync(out));
    expect(model.labels).toEqual(['clean', 'offensive']);
    expect(model.predict('thằng này ngu vl').label).toBe('offensive');
    // The data in the repository is all it takes to rebuild the weights the project ships (fixed
    // seed, same bytes): anyone with a clone can check data/offensive.model.
    const plain = path.join(tmp, 'b.model');
    const r2 = run(['train', '--out', plain]);
    expect(r2.status).toBe(0);
    expect(r2.stdout).toMatch(/Đã huấn luyện trên 9950 câu \(clean 5121, offensive 4829\)/);
    const shipped = readFileSync(path.join(root, 'src', 'detect', 'text', 'data', 'offensive.model'));
    expect(Buffer.compare(readFileSync(plain), shipped)).toBe(0);
    expect(Buffer.compare(readFileSync(out), shipped)).not.toBe(0);
  }, 400_000);

  it('refuses a bad --extra file with the line number, one line, exit code 1, and writes nothing', { timeout: 60_000 }, () => {
    const bad = path.join(tmp, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ text: 'ok', label: 'clean' })}\n{"text": "x", "label": "spam"}\n`);
    const out = path.join(tmp, 'bad.model');
    const r = run(['train', '--out', out, '--extra', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.jsonl:2: /);
    expect(() => readFileSync(out)).toThrow();
    const notJson = path.join(tmp, 'notjson.jsonl');
    writeFileSync(notJson, 'not json\n');
    const r2 = run(['train', '--out', out, '--extra', notJson]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/notjson\.jsonl:1: dòng không phải JSON/);
  });
});
