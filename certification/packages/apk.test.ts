import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApkInstalled } from './apk';
import { readInstalledPackages } from './read-installed-packages';
import { CORPUS_DIR, corpusPresent, readTsv } from './test-corpus';
import type { InstalledPackage } from './types';

const dir = path.join(CORPUS_DIR, 'apk');
const present = corpusPresent('apk');

function read(c: string): InstalledPackage[] {
  const content = readFileSync(path.join(dir, c, 'installed'));
  const result = readInstalledPackages(new Map([['/lib/apk/db/installed', content]]));
  expect(result?.manager).toBe('apk');
  return result!.packages;
}

const cases = present ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];

describe.skipIf(!present)('apk databases of the corpus', () => {
  it('covers all six cases', () => expect(cases).toHaveLength(6));

  for (const c of cases.filter((c) => c.startsWith('scalibr-'))) {
    it(`${c}: lists exactly the packages of expected.tsv with raw license and commit`, () => {
      const got = read(c).map((p) => ({
        name: p.name, version: p.version, arch: p.arch ?? '', origin: p.sourceName ?? '', license: p.license ?? '', commit: p.commit ?? '',
      }));
      expect(got).toEqual(readTsv(path.join(dir, c, 'expected.tsv')));
    });
  }

  it('trivy-alpine-mixed: lists exactly the 15 expected packages with their sha1 checksums', () => {
    // The license column holds trivy's SPDX normalisation, not the database's L: value: compared apart.
    const expected = readTsv(path.join(dir, 'trivy-alpine-mixed/expected.tsv'));
    const got = read('trivy-alpine-mixed');
    expect(got.map((p) => ({ name: p.name, version: p.version, arch: p.arch ?? '', origin: p.sourceName ?? '', checksum: p.digest ?? '' }))).toEqual(
      expected.map((r) => ({ name: r.name, version: r.version, arch: r.arch, origin: r.origin, checksum: r.checksum_sha1_hex })),
    );
    expect(got.find((p) => p.name === 'ada-libs')?.license).toBe('( Apache-2.0 OR MIT ) AND MPL-2.0');
    expect(got.some((p) => p.name === 'invalidPackageWithoutAVersion')).toBe(false);
  });

  it('syft-alpine-deps: resolving D: against P:/p: gives the expected dependency graph', () => {
    const got = read('syft-alpine-deps');
    expect(got).toHaveLength(14);
    const providers = new Map<string, string>();
    for (const p of got) {
      providers.set(p.name, p.name);
      for (const token of p.provides ?? []) providers.set(token.split('=')[0], p.name);
    }
    const graph: Record<string, string[]> = {};
    for (const p of got) {
      const deps = (p.depends ?? [])
        .filter((d) => !d.startsWith('!'))
        .map((d) => providers.get(d.split(/[<>=~]/)[0]))
        .filter((d): d is string => d !== undefined);
      if (deps.length > 0) graph[p.name] = [...new Set(deps)].sort();
    }
    const expected = JSON.parse(readFileSync(path.join(dir, 'syft-alpine-deps/expected-dependencies.json'), 'utf8')).depends_on as Record<string, string[]>;
    expect(graph).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, [...v].sort()])));
  });

  it('scalibr-alpine318: lists files with their SHA-1 and modes from a: lines', () => {
    const base = read('scalibr-alpine318').find((p) => p.name === 'alpine-baselayout')!;
    expect(base.files).toContainEqual({ path: '/etc/motd', digest: Buffer.from('SLkS9hBidUbPwwrw+XR0Whv3ww8=', 'base64').toString('hex'), digestAlgo: 'sha1' });
    expect(base.files).toContainEqual({ path: '/etc/crontabs/root', digest: Buffer.from('vfk1apUWI4yLJGhhNRd0kJixfvY=', 'base64').toString('hex'), digestAlgo: 'sha1', mode: 0o600 });
    expect(base).toMatchObject({ size: 331776, summary: 'Alpine base dir structure and init scripts', sourceName: 'alpine-baselayout', sourceVersion: '3.4.3-r1' });
  });
});

describe('apk installed parsing', () => {
  it('rejects lines that are not X:value', () => {
    expect(() => readApkInstalled('P:a\nV:1\nthis is wrong\n', '/lib/apk/db/installed')).toThrowError(
      expect.objectContaining({ code: 'PACKAGE_DB_INVALID', message: expect.stringContaining('/lib/apk/db/installed line 3') }),
    );
  });
});
