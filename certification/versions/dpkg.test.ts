import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPresent, readTsv } from '../packages/test-corpus';
import { compare, compareFragment, compareVersions, isValid, parse } from './dpkg';

const dir = path.join(CORPUS_DIR, 'versions');

describe.skipIf(!corpusPresent('versions'))('dpkg version ordering against the corpus', () => {
  it('agrees with every row of dpkg.tsv', () => {
    const rows = readTsv(path.join(dir, 'dpkg.tsv'));
    expect(rows).toHaveLength(43);
    for (const r of rows) expect([r.a, r.b, compare(r.a, r.b)]).toEqual([r.a, r.b, Number(r.expected)]);
  });

  it('agrees with every libdpkg unit row (built as version objects, like upstream)', () => {
    const rows = readTsv(path.join(dir, 'dpkg-libdpkg-unit.tsv'));
    expect(rows).toHaveLength(11);
    const object = (s: string) => {
      const [ev, revision] = s.split('-');
      const [epoch, upstream] = ev.includes(':') ? ev.split(':') : ['0', ev];
      return { epoch: Number(epoch), upstream, revision };
    };
    for (const r of rows) {
      expect([r.a, r.b, compareVersions(object(r.a), object(r.b))]).toEqual([r.a, r.b, Number(r.expected)]);
    }
  });

  it('agrees with every validity row', () => {
    const rows = readTsv(path.join(dir, 'dpkg-validity.tsv'));
    expect(rows).toHaveLength(14);
    for (const r of rows) {
      if (r.valid === 'false') {
        expect([r.version, isValid(r.version)]).toEqual([r.version, false]);
        expect(() => parse(r.version)).toThrowError(expect.objectContaining({ code: 'VERSION_INVALID' }));
        continue;
      }
      const v = parse(r.version);
      expect([r.version, r.version.includes(':'), v.revision !== '']).toEqual([r.version, r.has_epoch === 'true', r.has_revision === 'true']);
    }
  });

  it('sorts the three upstream lists as expected', () => {
    const lists = JSON.parse(readFileSync(path.join(dir, 'dpkg-sort.json'), 'utf8'));
    const sortWith = (key: string, cmp: (a: string, b: string) => number) =>
      expect([...lists[key].input].sort(cmp)).toEqual(lists[key].expected_sorted);
    sortWith('version_compare', compare);
    sortWith('version_compare_part', compareFragment);
    sortWith('version_compare_string', compareFragment);
  });
});

describe('dpkg versions', () => {
  it('sorts ~ before the end of the string and letters before other characters', () => {
    expect(compare('1.0~rc1-1', '1.0-1')).toBe(-1);
    expect(compare('1.0a', '1.0+')).toBe(-1);
    expect(compare('5:20.10.7~3-0~debian-buster', '20.10.7')).toBe(1);
  });
});
