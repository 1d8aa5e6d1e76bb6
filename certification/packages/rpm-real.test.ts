import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInstalledPackages } from './read-installed-packages';
import type { InstalledPackage } from './types';

// A real rpmdb.sqlite written by rpm 4.18: two packages built with rpmbuild and installed into an
// image root with `rpm --root`, then read back and compared with what `rpm -qa` itself reports.
// Built once and cached under .data/fixtures, keyed by the build script's version.

const FIXTURE_VERSION = 'rpmdb-sqlite-v1';
const FIXTURE = path.resolve(import.meta.dirname, '../../.data/fixtures', FIXTURE_VERSION);
const tools = ['rpm', 'rpmbuild'].filter((t) => spawnSync(t, ['--version']).status !== 0);
if (tools.length > 0) console.warn(`SKIPPED: ${tools.join(', ')} not installed, so the real rpmdb.sqlite test does not run (apt-get install rpm)`);

const SPECS: Record<string, string> = {
  'assay-hello': `Name: assay-hello
Epoch: 2
Version: 1.2.3
Release: 4.test
Summary: Assay test package
License: MIT
Vendor: Assay Test Vendor
BuildArch: noarch

%description
A tiny package for reader tests.

%install
mkdir -p %{buildroot}/usr/share/assay-hello %{buildroot}/etc %{buildroot}/usr/share/licenses/assay-hello %{buildroot}/usr/bin
echo hello > %{buildroot}/usr/share/assay-hello/hello.txt
echo 'key=value' > %{buildroot}/etc/assay-hello.conf
echo MIT > %{buildroot}/usr/share/licenses/assay-hello/LICENSE
printf '#!/bin/sh\\necho hi\\n' > %{buildroot}/usr/bin/assay-hello
chmod 755 %{buildroot}/usr/bin/assay-hello
ln -s hello.txt %{buildroot}/usr/share/assay-hello/link.txt

%files
%dir /usr/share/assay-hello
/usr/share/assay-hello/hello.txt
/usr/share/assay-hello/link.txt
/usr/bin/assay-hello
%config(noreplace) /etc/assay-hello.conf
%license /usr/share/licenses/assay-hello/LICENSE
%ghost /var/log/assay-hello.log
`,
  'assay-tilde': `Name: assay-tilde
Version: 1.0~rc1
Release: 1
Summary: Pre-release version with a tilde and many files
License: GPL-2.0-or-later
BuildArch: noarch

%description
Many files so the header spills over SQLite overflow pages.

%install
mkdir -p %{buildroot}/usr/share/doc/assay-tilde
for i in $(seq 1 400); do echo "file $i" > %{buildroot}/usr/share/doc/assay-tilde/file-with-a-fairly-long-name-$i.txt; done

%files
%doc /usr/share/doc/assay-tilde
`,
};

const QA_FORMAT = '%{NAME}\\t%|EPOCH?{%{EPOCH}}:{}|\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\t%|VENDOR?{%{VENDOR}}:{}|\\t%{SIZE}\\t%{SUMMARY}\\t%{SIGMD5}\\n';
const FILES_FORMAT = '[%{=NAME}\\t%{FILENAMES}\\t%{FILEDIGESTS}\\t%{FILEMODES}\\t%{FILEFLAGS}\\t%{FILESIZES}\\t%{FILEUSERNAME}\\t%{FILEGROUPNAME}\\n]';

function buildFixture(): void {
  if (existsSync(path.join(FIXTURE, 'rpm-qa.tsv'))) return;
  mkdirSync(path.dirname(FIXTURE), { recursive: true });
  const work = mkdtempSync(path.join(path.dirname(FIXTURE), `${FIXTURE_VERSION}.tmp-`));
  try {
    const top = path.join(work, 'top');
    const root = path.join(work, 'root');
    mkdirSync(path.join(top, 'SPECS'), { recursive: true });
    mkdirSync(root);
    for (const [name, spec] of Object.entries(SPECS)) {
      const file = path.join(top, 'SPECS', `${name}.spec`);
      writeFileSync(file, spec);
      execFileSync('rpmbuild', ['-bb', '--quiet', '--define', `_topdir ${top}`, '--define', '_build_id_links none', file], { stdio: 'pipe' });
    }
    // Installed one at a time so the database order (hnum) is known: hello, then tilde.
    for (const name of Object.keys(SPECS)) {
      const rpmFile = readdirSync(path.join(top, 'RPMS/noarch')).find((f) => f.startsWith(`${name}-`))!;
      execFileSync('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '-i', '--nodeps', path.join(top, 'RPMS/noarch', rpmFile)], { stdio: 'pipe' });
    }
    const query = (format: string) => execFileSync('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '-qa', '--queryformat', format], { encoding: 'utf8' });
    writeFileSync(path.join(work, 'rpm-files.tsv'), query(FILES_FORMAT));
    writeFileSync(path.join(work, 'rpm-qa.tsv'), query(QA_FORMAT));
    rmSync(top, { recursive: true });
    renameSync(work, FIXTURE);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

const lines = (file: string) => readFileSync(path.join(FIXTURE, file), 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));

describe.skipIf(tools.length > 0)('a real rpmdb.sqlite written by rpm', () => {
  let packages: InstalledPackage[];
  const root = path.join(FIXTURE, 'root');

  beforeAll(() => {
    buildFixture();
    const dbDir = path.join(root, 'var/lib/rpm');
    const files = new Map<string, Buffer>();
    for (const name of readdirSync(dbDir)) files.set(`/var/lib/rpm/${name}`, readFileSync(path.join(dbDir, name)));
    const result = readInstalledPackages(files);
    expect(result?.database).toBe('/var/lib/rpm/rpmdb.sqlite');
    packages = result!.packages;
  });

  it('lists the same packages, in the same order and with the same fields, as rpm -qa', () => {
    const got = packages.map((p) => [
      p.name, p.epoch === undefined ? '' : String(p.epoch), p.version, p.release, p.arch, p.sourceRpm, p.license, p.vendor ?? '',
      String(p.size), p.summary, p.sigmd5,
    ]);
    expect(got).toEqual(lines('rpm-qa.tsv'));
    expect(got.map((r) => r[0])).toEqual(['assay-hello', 'assay-tilde']);
    expect(packages[0]).toMatchObject({ epoch: 2, sourceName: 'assay-hello', sourceVersion: '1.2.3-4.test' });
    expect(packages[1].version).toBe('1.0~rc1');
  });

  it('lists every installed file with digest, mode, flags, size and owner as rpm does', () => {
    const bits: Record<string, number> = { config: 1, doc: 2, noreplace: 16, ghost: 64, license: 128 };
    const got = packages.flatMap((p) =>
      p.files!.map((f) => [
        p.name, f.path, f.digest ?? '', String(f.mode), String((f.flags ?? []).reduce((n, flag) => n + bits[flag], 0)), String(f.size), f.user, f.group,
      ]),
    );
    expect(got).toEqual(lines('rpm-files.tsv'));
    expect(got.length).toBeGreaterThan(400);
  });

  it('records SHA-256 digests that match the files rpm wrote into the root', () => {
    let checked = 0;
    for (const f of packages.flatMap((p) => p.files!)) {
      if (!f.digest) continue;
      const onDisk = path.join(root, f.path);
      expect(lstatSync(onDisk).isFile()).toBe(true);
      expect([f.path, f.digestAlgo, createHash('sha256').update(readFileSync(onDisk)).digest('hex')]).toEqual([f.path, 'sha256', f.digest]);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
    const conf = packages[0].files!.find((f) => f.path === '/etc/assay-hello.conf');
    expect(conf?.flags).toEqual(['config', 'noreplace']);
    expect(packages[0].files!.find((f) => f.path === '/var/log/assay-hello.log')?.flags).toEqual(['ghost']);
  });
});

const python = spawnSync('python3', ['-c', 'import sqlite3']).status === 0;
if (!python) console.warn('SKIPPED: python3 with sqlite3 not available, so the write-ahead-log test does not run');

describe.skipIf(tools.length > 0 || !python)('an rpmdb.sqlite with committed changes still in its write-ahead log', () => {
  it('applies the committed WAL frames, as SQLite would on open', () => {
    buildFixture();
    const work = mkdtempSync(path.join(path.dirname(FIXTURE), 'wal-'));
    try {
      const db = path.join(work, 'rpmdb.sqlite');
      writeFileSync(db, readFileSync(path.join(FIXTURE, 'root/var/lib/rpm/rpmdb.sqlite')));
      // SQLite's own library deletes the first package and commits; the files are copied while the
      // connection is still open, so the change lives only in the -wal file.
      const script = [
        'import shutil, sqlite3, sys',
        'c = sqlite3.connect(sys.argv[1])',
        "c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0')",
        "c.execute('DELETE FROM Packages WHERE hnum = 1'); c.commit()",
        "shutil.copy(sys.argv[1], sys.argv[1] + '.snap'); shutil.copy(sys.argv[1] + '-wal', sys.argv[1] + '.snap-wal')",
      ].join('\n');
      execFileSync('python3', ['-c', script, db]);
      const file = readFileSync(`${db}.snap`);
      const wal = readFileSync(`${db}.snap-wal`);
      expect(wal.length).toBeGreaterThan(32);
      const names = (files: Map<string, Buffer>) => readInstalledPackages(files, { files: false })!.packages.map((p) => p.name);
      expect(names(new Map([['/var/lib/rpm/rpmdb.sqlite', file]]))).toEqual(['assay-hello', 'assay-tilde']);
      expect(names(new Map([['/var/lib/rpm/rpmdb.sqlite', file], ['/var/lib/rpm/rpmdb.sqlite-wal', wal]]))).toEqual(['assay-tilde']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
