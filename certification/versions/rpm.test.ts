import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPresent, readTsv } from '../packages/test-corpus';
import { compare, compareNevra, parseEvr, parseNevra, rpmvercmp } from './rpm';

const dir = path.join(CORPUS_DIR, 'versions');

describe.skipIf(!corpusPresent('versions'))('rpm version ordering against the corpus', () => {
  for (const file of ['rpmvercmp.tsv', 'rpmvercmp-claircore-extra.tsv']) {
    it(`agrees with every row of ${file}`, () => {
      const rows = readTsv(path.join(dir, file));
      expect(rows.length).toBeGreaterThan(5);
      for (const r of rows) expect([r.a, r.b, rpmvercmp(r.a, r.b)]).toEqual([r.a, r.b, Number(r.expected)]);
    });
  }

  it('reproduces the odd-but-real rows rpm 4.18 gives for non-ASCII and letter-led segments', () => {
    const rows = readTsv(path.join(dir, 'rpmvercmp-disabled-oddities.tsv'));
    expect(rows).toHaveLength(12);
    for (const r of rows) expect([r.a, r.b, rpmvercmp(r.a, r.b)]).toEqual([r.a, r.b, Number(r.expected_as_written)]);
  });

  it('orders every EVR and NEVRA row of claircore', () => {
    const rows = readTsv(path.join(dir, 'rpm-nevra-claircore.tsv'));
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect([r.a, r.b, compareNevra(parseNevra(r.a), parseNevra(r.b))]).toEqual([r.a, r.b, Number(r.expected)]);
    }
  });
});

describe('rpm EVR', () => {
  it('compares epoch before version and release', () => {
    expect(compare('1:1.0-1', '2.0-1')).toBe(1);
    expect(compare('0:1.0-1', '1.0-1')).toBe(0);
    expect(compare('1.0-1.el8', '1.0-2.el8')).toBe(-1);
    expect(compare('1.0~rc1-1', '1.0-1')).toBe(-1);
    expect(compare('1.0^git1-1', '1.0-1')).toBe(1);
  });

  it('splits a NEVRA with a known arch', () => {
    expect(parseNevra('fonts-filesystem-1:2.0.5-12.fc39.noarch')).toEqual({
      name: 'fonts-filesystem', epoch: 1, version: '2.0.5', release: '12.fc39', arch: 'noarch',
    });
  });

  it('rejects garbage with VERSION_INVALID', () => {
    for (const bad of ['', 'x:1.0', '1.0-', ':1', '1 0']) {
      expect(() => parseEvr(bad), bad).toThrowError(expect.objectContaining({ code: 'VERSION_INVALID' }));
    }
  });
});
