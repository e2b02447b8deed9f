import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisedSink, parseList, tableSink } from '../lists/parse.js';
import { hashName, TableBuilder } from '../matcher.js';
import { GuardSet, nameKey53 } from './guard-set.js';

const g = (domain: string) => ({ domain, group: 't', reasonVi: `lý do ${domain}`, reasonEn: `reason ${domain}` });

describe('guard set: which list lines hit a guarded name', () => {
  const set = new GuardSet([g('zalo.me'), g('google.com.vn'), g('sites.google.com')]);

  it('hashes names exactly as the filter matcher does (a guard compares with list lines by hash)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/), { minLength: 1, maxLength: 5 }), (labels) => {
        const name = labels.join('.');
        const h = hashName(name);
        expect(nameKey53(name)).toBe((h.h1[0]! >>> 0) * 0x200000 + ((h.h2[0]! >>> 0) & 0x1fffff));
      }),
    );
  });

  it('the name, a subdomain, a wildcard under it and a parent hit; a look-alike, a longer name and an exception do not', () => {
    const lines = [
      'zalo.me',
      'chat.zalo.me',
      'CHAT.Zalo.ME',
      '*.zalo.me',
      'me',
      '*.me',
      'com.vn',
      'vn',
      'google.com',
      'evil.sites.google.com',
      'zalo.me.evil.example',
      'fakezalo.me',
      'zalo.mee',
      '@@chat.zalo.me',
      'books.google.com',
    ];
    const hits: string[] = [];
    const kept = normalisedSink();
    parseList(
      Buffer.from(lines.join('\n')),
      set.filter(kept, (name, hit) => hits.push(`${name}→${hit.guard.domain}:${hit.relation}`)),
    );
    expect(hits).toEqual([
      'zalo.me→zalo.me:self',
      'chat.zalo.me→zalo.me:subdomain',
      'chat.zalo.me→zalo.me:subdomain',
      '*.zalo.me→zalo.me:self',
      'me→zalo.me:parent',
      '*.me→zalo.me:parent',
      'com.vn→google.com.vn:parent',
      'vn→google.com.vn:parent',
      'google.com→sites.google.com:parent',
      'evil.sites.google.com→sites.google.com:subdomain',
    ]);
    expect(kept.result().toString().trim().split('\n')).toEqual(['zalo.me.evil.example', 'fakezalo.me', 'zalo.mee', '@@chat.zalo.me', 'books.google.com']);
  });

  it('a tenant platform (xyz.blogspot.com is one owner’s blog): one tenant may be blocked, never the platform', () => {
    const tenants = new GuardSet([{ ...g('blogspot.com'), tenants: true }]);
    const hits: string[] = [];
    const kept = normalisedSink();
    parseList(
      Buffer.from(['blogspot.com', '*.blogspot.com', 'com', 'evil.blogspot.com', 'a.b.blogspot.com'].join('\n')),
      tenants.filter(kept, (name) => hits.push(name)),
    );
    expect(hits).toEqual(['blogspot.com', '*.blogspot.com', 'com']);
    expect(kept.result().toString().trim().split('\n')).toEqual(['evil.blogspot.com', 'a.b.blogspot.com']);
    expect(tenants.match('evil.blogspot.com')).toBeNull();
  });

  it('an empty guard refuses nothing', () => {
    const none = new GuardSet([]);
    expect(none.match('zalo.me')).toBeNull();
    expect(none.hitsBytes(Buffer.from('zalo.me'), 0, 7, 0)).toBe(false);
  });
});

describe('guard set: the compiler sink', () => {
  it('builds the same table as the plain sink minus the guarded lines (one hash per line serves both)', () => {
    const set = new GuardSet([g('zalo.me'), { ...g('blogspot.com'), tenants: true }]);
    const lines = ['a.example', 'chat.zalo.me', '@@ok.zalo.me', '*.b.example', 'x.blogspot.com', 'blogspot.com', 'me', 'ĐàNẵng.vn'];
    const guarded = new TableBuilder(16);
    const sink = set.tableSink(guarded, 3);
    parseList(Buffer.from(lines.join('\n')), sink);
    const plain = new TableBuilder(16);
    parseList(Buffer.from(['a.example', '@@ok.zalo.me', '*.b.example', 'x.blogspot.com', 'ĐàNẵng.vn'].join('\n')), tableSink(plain, 3));
    expect(sink.refused).toBe(3);
    expect(Buffer.from(guarded.build().serialize())).toEqual(Buffer.from(plain.build().serialize()));
  });
});
