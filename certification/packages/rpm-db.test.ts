import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInstalledPackages } from './read-installed-packages';
import { readRpmDatabase, RPMDB_FILES } from './rpm-db';
import { readRpmHeader } from './rpm-header';
import { CORPUS_DIR, corpusPresent, readTsv } from './test-corpus';
import type { InstalledPackage } from './types';

const dir = path.join(CORPUS_DIR, 'rpmdb');
const present = corpusPresent('rpmdb');

function databaseOf(folder: string) {
  const name = Object.keys(RPMDB_FILES).find((f) => existsSync(path.join(folder, f)));
  if (!name) throw new Error(`no rpm database in ${folder}`);
  return { name, kind: RPMDB_FILES[name], file: readFileSync(path.join(folder, name)) };
}

function read(folder: string): InstalledPackage[] {
  const db = databaseOf(folder);
  // Through the front door, as an image would present it.
  const result = readInstalledPackages(new Map([[`/var/lib/rpm/${db.name}`, db.file]]));
  expect(result?.manager).toBe('rpm');
  return result!.packages;
}

const nevra = (p: InstalledPackage) => ({ name: p.name, epoch: p.epoch === undefined ? '' : String(p.epoch), version: p.version, release: p.release ?? '', arch: p.arch ?? '' });

const databases = present ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('_')).map((d) => d.name).sort() : [];
const missing = present ? readdirSync(path.join(dir, '_missing-db')).sort() : [];

describe.skipIf(!present)('rpm databases of the corpus', () => {
  it('covers every database folder with at least one expectation', () => {
    expect(databases.length).toBeGreaterThanOrEqual(10);
    for (const d of databases) {
      const files = readdirSync(path.join(dir, d));
      expect([d, files.some((f) => f.startsWith('expected') || f.startsWith('observed'))]).toEqual([d, true]);
    }
  });

  for (const d of databases) {
    describe(d, () => {
      const folder = path.join(dir, d);
      const has = (f: string) => existsSync(path.join(folder, f));

      if (has('expected.tsv')) it('lists exactly the expected packages in database order (expected.tsv)', () => {
        expect(read(folder).map(nevra)).toEqual(readTsv(path.join(folder, 'expected.tsv')));
      });

      if (has('expected-full.tsv')) it('matches every column of expected-full.tsv', () => {
        const got = read(folder).map((p) => ({
          ...nevra(p),
          sourcerpm: p.sourceRpm ?? '',
          size: String(p.size ?? ''),
          license: p.license ?? '',
          vendor: p.vendor ?? '',
          modularitylabel: p.modularityLabel ?? '',
          summary: p.summary ?? '',
          // The corpus keeps rpm's "(none)" placeholder where a header has no SIGMD5 (gpg-pubkey).
          sigmd5: p.sigmd5 ?? '(none)',
        }));
        expect(got).toEqual(readTsv(path.join(folder, 'expected-full.tsv')));
      });

      if (has('expected-count.txt')) it('holds the expected number of packages (expected-count.txt)', () => {
        expect(read(folder)).toHaveLength(Number(readFileSync(path.join(folder, 'expected-count.txt'), 'utf8').trim()));
      });

      if (has('observed-rpm-qa.tsv')) it('agrees with what rpm 4.18 read from the same file (observed-rpm-qa.tsv)', () => {
        expect(read(folder).map(nevra)).toEqual(readTsv(path.join(folder, 'observed-rpm-qa.tsv')));
      });

      const single = readdirSync(folder).find((f) => f.startsWith('expected-package-'));
      if (single !== undefined) it(`matches every field and installed file of ${single}`, () => {
        const expected = JSON.parse(readFileSync(path.join(folder, single!), 'utf8'));
        const e = expected.package;
        const pkg = read(folder).find((p) => p.name === e.Name)!;
        expect(pkg).toBeDefined();
        expect({
          name: pkg.name, version: pkg.version, release: pkg.release, arch: pkg.arch, size: pkg.size, sourceRpm: pkg.sourceRpm,
          license: pkg.license, vendor: pkg.vendor, summary: pkg.summary, sigmd5: pkg.sigmd5, epoch: pkg.epoch,
        }).toEqual({
          name: e.Name, version: e.Version, release: e.Release, arch: e.Arch, size: e.Size, sourceRpm: e.SourceRpm,
          license: e.License, vendor: e.Vendor, summary: e.Summary, sigmd5: e.SigMD5, epoch: undefined,
        });
        expect(pkg.sourceName).toBe(e.SourceRpm.replace(/-[^-]+-[^-]+\.src\.rpm$/, ''));
        const files = pkg.files!.map((f) => ({
          path: f.path, mode: f.mode, digest: f.digest ?? '', size: f.size, username: f.user, groupname: f.group,
          // PGPHASHALGO_SHA256 in the upstream test; flags compared through their bit names.
          algo: f.digest ? f.digestAlgo : undefined,
        }));
        expect(files).toEqual(
          expected.installedFiles.map((f: Record<string, unknown>) => ({
            path: f.path, mode: f.mode, digest: f.digest, size: f.size, username: f.username, groupname: f.groupname,
            algo: f.digest ? 'sha256' : undefined,
          })),
        );
        const flagBits: Record<string, number> = { config: 1, doc: 2, license: 128, artifact: 4096, ghost: 64 };
        expect(pkg.files!.map((f) => (f.flags ?? []).reduce((n, name) => n + (flagBits[name] ?? 0), 0))).toEqual(
          expected.installedFiles.map((f: { flags: number }) => f.flags),
        );
      });
    });
  }

  describe('invalid databases', () => {
    const invalid = present ? readdirSync(path.join(dir, '_invalid')).sort() : [];
    it('finds the four negative cases', () => expect(invalid).toHaveLength(4));
    for (const d of invalid) {
      it(`rejects ${d} with PACKAGE_DB_INVALID`, () => {
        const db = databaseOf(path.join(dir, '_invalid', d));
        expect(() => readInstalledPackages(new Map([[`/var/lib/rpm/${db.name}`, db.file]]))).toThrowError(
          expect.objectContaining({ code: 'PACKAGE_DB_INVALID', message: expect.stringContaining(`/var/lib/rpm/${db.name}`) }),
        );
      });
    }
  });

  describe('a raw header whose DIRINDEXES point outside DIRNAMES', () => {
    const blob = present ? readFileSync(path.join(dir, '_headers/go-rpmdb-blob.bin')) : Buffer.alloc(0);
    it('still yields the package identity', () => {
      expect(nevra(readRpmHeader(blob, 'blob.bin', { files: false }))).toEqual({
        name: 'publicsuffix-list-dafsa', epoch: '', version: '20210518', release: '2.fc35', arch: 'noarch',
      });
    });
    it('fails cleanly when asked for its files', () => {
      expect(() => readRpmHeader(blob, 'blob.bin')).toThrowError(
        expect.objectContaining({ code: 'PACKAGE_DB_INVALID', message: expect.stringMatching(/DIRINDEXES\[\d+\] = \d+ is outside/) }),
      );
    });
  });

  for (const d of missing) {
    it.skip(`${d}: database file absent from the corpus (see _missing-db/${d}/MISSING.txt), its expectations cannot run`, () => {});
  }
});

describe.skipIf(!present)('reading without file lists', () => {
  it('returns the same packages without files', () => {
    const db = databaseOf(path.join(dir, 'sle15-bci'));
    const lean = readRpmDatabase({ kind: db.kind, file: db.file, where: 'Packages.db', files: false });
    expect(lean.every((p) => p.files === undefined)).toBe(true);
    expect(lean.map(nevra)).toEqual(read(path.join(dir, 'sle15-bci')).map(nevra));
  });
});
