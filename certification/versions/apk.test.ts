import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPresent, readTsv } from '../packages/test-corpus';
import { compare, fuzzyMatches, isValid, parse } from './apk';

const dir = path.join(CORPUS_DIR, 'versions');

describe.skipIf(!corpusPresent('versions'))('apk version ordering against the corpus', () => {
  it('agrees with every comparison in apk.tsv, both ways round', () => {
    const rows = readTsv(path.join(dir, 'apk.tsv'));
    expect(rows).toHaveLength(738);
    for (const r of rows) {
      expect([r.a, r.b, compare(r.a, r.b)]).toEqual([r.a, r.b, Number(r.expected)]);
      expect([r.b, r.a, compare(r.b, r.a)]).toEqual([r.b, r.a, -Number(r.expected) || 0]);
    }
  });

  it('agrees with every fuzzy-match row', () => {
    const rows = readTsv(path.join(dir, 'apk-fuzzy.tsv'));
    expect(rows).toHaveLength(16);
    for (const r of rows) {
      const fuzzy = fuzzyMatches(r.a, r.b);
      const ops: Record<string, boolean> = {
        '~': fuzzy,
        '!~': !fuzzy,
        '<~': fuzzy || compare(r.a, r.b) < 0,
        '>~': fuzzy || compare(r.a, r.b) > 0,
      };
      expect(r.op in ops, r.op).toBe(true);
      expect([r.a, r.op, r.b, ops[r.op]]).toEqual([r.a, r.op, r.b, r.expected_match === 'true']);
    }
  });

  it('agrees with every validity row', () => {
    const rows = readTsv(path.join(dir, 'apk-validity.tsv'));
    expect(rows).toHaveLength(31);
    for (const r of rows) {
      expect([r.version, isValid(r.version)]).toEqual([r.version, r.valid === 'true']);
      if (r.valid === 'false') {
        expect(() => parse(r.version)).toThrowError(expect.objectContaining({ code: 'VERSION_INVALID' }));
      }
    }
  });
});

describe('apk versions', () => {
  it('orders suffixes around the plain release and splits the revision', () => {
    const order = ['1.0_alpha', '1.0_beta', '1.0_pre', '1.0_rc1', '1.0', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p1'];
    for (let i = 1; i < order.length; i++) expect([order[i - 1], compare(order[i - 1], order[i])]).toEqual([order[i - 1], -1]);
    expect(parse('2.14.0-r3')).toEqual({ version: '2.14.0', revision: 3 });
    expect(compare('1.2.3-r10', '1.2.3-r9')).toBe(1);
  });
});
