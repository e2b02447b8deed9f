import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BANDS, type Snapshot } from '../model.js';
import { parseBandTokens, SchoolAddresses } from './school-addresses.js';

/**
 * A fleet node's addresses come from tokens, the centre's from the key: the same addresses for the
 * node's schools, and none for any other (a node cannot make another school's address).
 */
const schools = [
  { id: 's-1', code: 'TH-01' },
  { id: 's-2', code: 'THCS-02' },
];
const snapshot = { schools } as unknown as Snapshot;

describe('SchoolAddresses from the centre’s tokens', () => {
  const centre = SchoolAddresses.fromKey(randomBytes(32));
  const node = SchoolAddresses.fromTokens(centre.tokensOf(['s-1']));

  it('answers at the addresses the centre makes for its schools, every band, and refuses another school’s', () => {
    for (const band of BANDS) {
      expect(node.dohPath(schools[0]!, band)).toBe(centre.dohPath(schools[0]!, band));
      const [, , code, slug, token] = centre.dohPath(schools[0]!, band).split('/');
      expect(node.fromPath(snapshot, code!, slug!, token!)).toEqual({ schoolId: 's-1', band });
      expect(node.fromServerName(snapshot, `${centre.dotLabel(schools[0]!, band)}.dot.test`)).toEqual({ schoolId: 's-1', band });
      // the centre answers at school 2's address; the node, which was not given its tokens, does not
      const [, , code2, slug2, token2] = centre.dohPath(schools[1]!, band).split('/');
      expect(centre.fromPath(snapshot, code2!, slug2!, token2!)).toEqual({ schoolId: 's-2', band });
      expect(node.fromPath(snapshot, code2!, slug2!, token2!)).toBeNull();
      expect(node.fromServerName(snapshot, `${centre.dotLabel(schools[1]!, band)}.dot.test`)).toBeNull();
    }
    expect(() => node.dohPath(schools[1]!, 'primary')).toThrow(/no address token for school s-2/);
  });

  it('follows new tokens at once (answers remembered for the old ones are forgotten)', () => {
    const n = SchoolAddresses.fromTokens(centre.tokensOf(['s-1']));
    const [, , code, slug, token] = centre.dohPath(schools[0]!, 'staff').split('/');
    expect(n.fromPath(snapshot, code!, slug!, token!)).not.toBeNull();
    const rotated = SchoolAddresses.fromKey(randomBytes(32));
    n.setTokens(rotated.tokensOf(['s-1']));
    expect(n.fromPath(snapshot, code!, slug!, token!)).toBeNull();
    expect(n.dohPath(schools[0]!, 'staff')).toBe(rotated.dohPath(schools[0]!, 'staff'));
  });

  it('takes a token list only whole and well-formed', () => {
    const good = centre.tokensOf(['s-1']);
    expect(parseBandTokens({ tokens: good })).toEqual(good);
    for (const bad of [
      null,
      [],
      { tokens: 'x' },
      { tokens: [{ ...good[0], token: 'SHORT' }] },
      { tokens: [{ ...good[0], token: `${good[0]!.token}a` }] },
      { tokens: [{ ...good[0], token: '0000000000000' }] },
      { tokens: [{ ...good[0], band: 'university' }] },
      { tokens: [{ ...good[0], schoolId: '' }] },
      { tokens: [{ ...good[0], schoolId: 'x'.repeat(65) }] },
      { tokens: [good[0], null] },
    ])
      expect(() => parseBandTokens(bad), JSON.stringify(bad)).toThrow();
  });
});
