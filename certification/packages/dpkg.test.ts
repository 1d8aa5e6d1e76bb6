import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseControl, readDpkgStatus } from './dpkg';
import { readInstalledPackages, type ReadInstalledOptions } from './read-installed-packages';
import { CORPUS_DIR, corpusPresent, readTsv } from './test-corpus';
import type { InstalledPackage } from './types';

const dir = path.join(CORPUS_DIR, 'dpkg');
const present = corpusPresent('dpkg');

/** The case folder laid out as an image's /var/lib/dpkg (expectation files left out). */
function imageFiles(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(folder, rel))) {
      const relPath = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(folder, relPath)).isDirectory()) walk(relPath);
      else if (!name.startsWith('expected')) files.set(`/var/lib/dpkg/${relPath}`, readFileSync(path.join(folder, relPath)));
    }
  };
  walk('');
  return files;
}

function read(folder: string, options?: ReadInstalledOptions): InstalledPackage[] {
  const result = readInstalledPackages(imageFiles(folder), options);
  expect(result?.manager).toBe('dpkg');
  return result!.packages;
}

// trivy: no Source means the package is its own source; a bare Source takes the binary's version.
const trivyRow = (p: InstalledPackage) => ({
  name: p.name, version: p.version, arch: p.arch ?? '', source: p.sourceName ?? p.name, source_version: p.sourceVersion ?? p.version,
});
// osv-scalibr: only what the stanza says.
const scalibrRow = (p: InstalledPackage) => ({
  name: p.name, version: p.version, arch: p.arch ?? '', source: p.sourceName ?? '', source_version: p.sourceVersion ?? '',
});

const cases = present ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];

describe.skipIf(!present)('dpkg databases of the corpus', () => {
  it('covers all eleven cases', () => expect(cases).toHaveLength(11));

  for (const c of cases) {
    const folder = path.join(dir, c);
    it(`${c}: lists exactly the packages of expected.tsv`, () => {
      const expected = readTsv(path.join(folder, 'expected.tsv'));
      const got = read(folder);
      if (c.startsWith('trivy-')) {
        // trivy sorts by name before comparing.
        expect(got.map(trivyRow).sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(expected);
      } else {
        const rows = got.map(scalibrRow);
        const withStatus = 'status' in (expected[0] ?? {});
        expect(withStatus ? got.map((p, i) => ({ ...rows[i], status: p.status ?? '' })) : rows).toEqual(expected);
      }
    });
  }

  it('scalibr-statusfield: keeps every stanza with includeNotInstalled', () => {
    const folder = path.join(dir, 'scalibr-statusfield');
    const got = read(folder, { includeNotInstalled: true }).map((p) => ({ ...scalibrRow(p), status: p.status ?? '' }));
    expect(got).toEqual(readTsv(path.join(folder, 'expected-include-not-installed.tsv')));
  });

  it('trivy-digest: takes the package digest from available when name and version match', () => {
    const folder = path.join(dir, 'trivy-digest');
    const got = read(folder).map((p) => ({ name: p.name, version: p.version, digest: p.digest ?? '' }));
    expect(got).toEqual(readTsv(path.join(folder, 'expected-digests.tsv')));
  });

  it('trivy-md5sums: reads the installed files and their MD5s from info/<pkg>.md5sums', () => {
    const folder = path.join(dir, 'trivy-md5sums');
    const tar = read(folder).find((p) => p.name === 'tar')!;
    const expected = readFileSync(path.join(folder, 'expected-installed-files-tar.txt'), 'utf8').split('\n').filter(Boolean);
    expect(tar.files!.map((f) => f.path).sort()).toEqual(expected.sort());
    expect(tar.files!.find((f) => f.path === '/usr/bin/tar')).toEqual({ path: '/usr/bin/tar', digest: '25de5fcdc3c8ebd9c9f599fb7a899b40', digestAlgo: 'md5' });
  });

  it('trivy-ubuntu1804: leaves out git (deinstall ok config-files) and marks conffiles as config', () => {
    const got = read(path.join(dir, 'trivy-ubuntu1804'));
    expect(got).toHaveLength(90);
    expect(got.some((p) => p.name === 'git')).toBe(false);
    const withConffiles = got.filter((p) => p.files?.some((f) => f.flags?.includes('config')));
    expect(withConffiles.length).toBeGreaterThan(0);
    expect(got.find((p) => p.name === 'bsdutils')).toMatchObject({ epoch: 1, sourceName: 'util-linux', sourceVersion: '2.31.1-0.4ubuntu3.1' });
  });

  it('scalibr-distroless-status.d: foo.md5sums is no package, but it lists the files of foo', () => {
    const got = read(path.join(dir, 'scalibr-distroless-status.d'));
    expect(got.map((p) => p.name)).toEqual(['foo']);
    expect(got[0].files).toHaveLength(6);
    expect(got[0].files).toContainEqual({ path: '/usr/lib/os-release', digest: '07d31e7e63800ab1b7966980709c51eb', digestAlgo: 'md5' });
  });
});

describe('dpkg status parsing', () => {
  it('joins continuation lines and merges info/<pkg>:<arch>.list with md5sums', () => {
    const status = 'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9\nSource: glibc\nConffiles:\n /etc/ld.so.conf.d/x86_64-linux-gnu.conf 593ad12389ab2b6f952e7ede67b8fbbf\nDescription: GNU C Library\n more text\n';
    const files = new Map([
      ['/var/lib/dpkg/status', Buffer.from(status)],
      ['/var/lib/dpkg/info/libc6:amd64.list', Buffer.from('/.\n/etc\n/etc/ld.so.conf.d/x86_64-linux-gnu.conf\n/usr/lib/x86_64-linux-gnu/libc.so.6\n')],
      ['/var/lib/dpkg/info/libc6:amd64.md5sums', Buffer.from('0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libc.so.6\n')],
    ]);
    const [pkg] = readInstalledPackages(files)!.packages;
    expect(pkg).toMatchObject({ name: 'libc6', version: '2.36-9', sourceName: 'glibc', summary: 'GNU C Library' });
    expect(pkg.sourceVersion).toBeUndefined();
    expect(pkg.files).toEqual([
      { path: '/etc' },
      { path: '/etc/ld.so.conf.d/x86_64-linux-gnu.conf', flags: ['config'] },
      { path: '/usr/lib/x86_64-linux-gnu/libc.so.6', digest: '0123456789abcdef0123456789abcdef', digestAlgo: 'md5' },
    ]);
    expect(parseControl('A: 1\n b\n\n\nC: 2\n', 'x')).toEqual([new Map([['a', '1\nb']]), new Map([['c', '2']])]);
  });

  it('rejects damaged files with PACKAGE_DB_INVALID naming the line', () => {
    for (const bad of [' continuation first\n', 'Package: a\nno colon here\n', 'Package: a\nVersion: 1\nStatus: install ok installed\nSource: x (1\n']) {
      expect(() => readDpkgStatus(bad, '/var/lib/dpkg/status'), bad).toThrowError(expect.objectContaining({ code: 'PACKAGE_DB_INVALID' }));
    }
  });
});
