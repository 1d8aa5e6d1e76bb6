import { describe, expect, it } from 'vitest';
import { detectPackageManager, isPackageDatabasePath, packageDatabaseFiles } from './detect';
import { packageVersion, versionComparator } from './package-version';
import { readInstalledPackages } from './read-installed-packages';

describe('detectPackageManager', () => {
  it('finds each manager from a set of paths, with or without the leading slash', () => {
    expect(detectPackageManager(new Set(['/usr/lib/sysimage/rpm/rpmdb.sqlite', '/etc/os-release']))).toEqual({
      manager: 'rpm', rpmKind: 'sqlite', database: '/usr/lib/sysimage/rpm/rpmdb.sqlite',
    });
    expect(detectPackageManager(new Set(['var/lib/rpm/Packages']))).toEqual({ manager: 'rpm', rpmKind: 'bdb', database: '/var/lib/rpm/Packages' });
    expect(detectPackageManager(new Set(['/var/lib/rpm/Packages.db']))?.rpmKind).toBe('ndb');
    expect(detectPackageManager(new Set(['/var/lib/dpkg/status']))).toEqual({ manager: 'dpkg', database: '/var/lib/dpkg/status' });
    expect(detectPackageManager(new Set(['/var/lib/dpkg/status.d/base', '/var/lib/dpkg/status.d/base.md5sums']))).toEqual({
      manager: 'dpkg', database: '/var/lib/dpkg/status.d',
    });
    expect(detectPackageManager(new Set(['/lib/apk/db/installed']))).toEqual({ manager: 'apk', database: '/lib/apk/db/installed' });
  });

  it('prefers the SQLite rpm database over a leftover BerkeleyDB, and rpm over dpkg', () => {
    expect(detectPackageManager(new Set(['/var/lib/rpm/Packages', '/var/lib/rpm/rpmdb.sqlite']))?.rpmKind).toBe('sqlite');
    expect(detectPackageManager(new Set(['/var/lib/dpkg/status', '/var/lib/rpm/rpmdb.sqlite']))?.manager).toBe('rpm');
  });

  it('accepts a predicate', () => {
    const exists = (p: string) => p === '/var/lib/dpkg/status.d';
    expect(detectPackageManager(exists)).toEqual({ manager: 'dpkg', database: '/var/lib/dpkg/status.d' });
  });

  it('says null for scratch images and for status.d folders holding only md5sums', () => {
    expect(detectPackageManager(new Set(['/app', '/etc/passwd']))).toBeNull();
    expect(detectPackageManager(new Set(['/var/lib/dpkg/status.d/x.md5sums']))).toBeNull();
    expect(readInstalledPackages(new Map([['/app/server', Buffer.from('x')]]))).toBeNull();
  });
});

describe('isPackageDatabasePath', () => {
  it('captures what the readers need and nothing else', () => {
    for (const p of [
      '/var/lib/rpm/rpmdb.sqlite', '/var/lib/rpm/rpmdb.sqlite-wal', '/usr/lib/sysimage/rpm/Packages.db', '/var/lib/rpm/Packages',
      '/var/lib/dpkg/status', '/var/lib/dpkg/available', '/var/lib/dpkg/status.d/libc6', '/var/lib/dpkg/info/libc6:amd64.list',
      '/var/lib/dpkg/info/tar.md5sums', '/lib/apk/db/installed',
    ]) expect([p, isPackageDatabasePath(p)]).toEqual([p, true]);
    for (const p of [
      '/var/lib/rpm/Name', '/var/lib/rpm/rpmdb.sqlite-shm', '/var/lib/dpkg/info/tar.postinst', '/var/lib/dpkg/status-old',
      '/var/lib/dpkg/status.d/sub/x', '/etc/os-release', '/lib/apk/db/scripts.tar',
    ]) expect([p, isPackageDatabasePath(p)]).toEqual([p, false]);
  });
});

describe('packageDatabaseFiles', () => {
  it('names exactly the files the detected reader will read', () => {
    const paths = [
      '/var/lib/rpm/Packages', '/var/lib/rpm/rpmdb.sqlite', '/var/lib/rpm/rpmdb.sqlite-wal', '/var/lib/rpm/Name', '/var/lib/dpkg/status', '/etc/os-release',
    ];
    expect(packageDatabaseFiles(detectPackageManager(new Set(paths))!, paths)).toEqual(['/var/lib/rpm/rpmdb.sqlite', '/var/lib/rpm/rpmdb.sqlite-wal']);
    const deb = ['/var/lib/dpkg/status', '/var/lib/dpkg/info/tar.list', '/var/lib/dpkg/info/tar.md5sums', '/var/lib/dpkg/info/tar.postinst', '/usr/bin/tar'];
    expect(packageDatabaseFiles(detectPackageManager(new Set(deb))!, deb)).toEqual(['/var/lib/dpkg/info/tar.list', '/var/lib/dpkg/info/tar.md5sums', '/var/lib/dpkg/status']);
  });
});

describe('packageVersion and versionComparator', () => {
  it('renders the manager-native version and orders it', () => {
    expect(packageVersion({ manager: 'rpm', name: 'a', epoch: 1, version: '2.0', release: '3.el9' })).toBe('1:2.0-3.el9');
    expect(packageVersion({ manager: 'rpm', name: 'a', version: '2.0', release: '3' })).toBe('2.0-3');
    expect(packageVersion({ manager: 'dpkg', name: 'a', epoch: 1, version: '1:2.0-3' })).toBe('1:2.0-3');
    expect(versionComparator('rpm')('1:1.0-1', '2.0-1')).toBe(1);
    expect(versionComparator('dpkg')('1.0~rc1', '1.0')).toBe(-1);
    expect(versionComparator('apk')('1.0_rc1-r0', '1.0-r0')).toBe(-1);
  });
});
