import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseOsRelease } from '../os-release';
import { CORPUS_DIR, corpusPresent, readTsv } from '../packages/test-corpus';
import type { InstalledPackage } from '../packages/types';
import { AdvisoryIndexBuilder, importAdvisories, type AdvisoryIndex } from './database';
import { advisoryPackageVersion, evaluateRange, matchAdvisories } from './match';
import * as dpkg from '../versions/dpkg';

const OSV_DIR = path.join(CORPUS_DIR, 'osv');
const HAVE_CORPUS = corpusPresent('osv');
const NOW = new Date('2026-09-01T00:00:00Z');

/** os-release text an image of this (query-side) ecosystem would carry. */
function osReleaseFor(ecosystem: string) {
  const [distro, release] = ecosystem.split(':');
  if (distro === 'Debian') return parseOsRelease(`ID=debian\nVERSION_ID="${release}"`);
  if (distro === 'Ubuntu') return parseOsRelease(`ID=ubuntu\nVERSION_ID="${release}"`);
  if (distro === 'Alpine') return parseOsRelease(`ID=alpine\nVERSION_ID=${release.slice(1)}.0`);
  throw new Error(`no os-release for ${ecosystem}`);
}

const deb = (name: string, version: string, source?: string, sourceVersion?: string): InstalledPackage => ({
  manager: 'dpkg',
  name,
  version,
  ...(source ? { sourceName: source } : {}),
  ...(sourceVersion ? { sourceVersion } : {}),
});
const rpm = (name: string, evr: string): InstalledPackage => {
  const m = /^(?:(\d+):)?(.+)-([^-]+)$/.exec(evr)!;
  return { manager: 'rpm', name, ...(m[1] ? { epoch: Number(m[1]) } : {}), version: m[2], release: m[3], arch: 'x86_64' };
};

describe.skipIf(!HAVE_CORPUS)('against the real OSV corpus', () => {
  let index: AdvisoryIndex;
  beforeAll(async () => {
    index = await importAdvisories(OSV_DIR, { now: NOW });
  });

  const rows = HAVE_CORPUS ? readTsv(path.join(OSV_DIR, 'expected.tsv')) : [];

  it('expected.tsv has its 33 rows', () => expect(rows.length).toBe(33));

  it.each(rows.map((r) => [r.ecosystem, r.package, r.installed_version, r.record_id, r.affected]))(
    '%s %s %s × %s → affected %s (osv.dev answer)',
    (ecosystem, name, version, recordId, affected) => {
      const manager = ecosystem.startsWith('Alpine') ? 'apk' : 'dpkg';
      const pkg: InstalledPackage = { manager, name, version, sourceName: name };
      const result = matchAdvisories({ packages: [pkg], osRelease: osReleaseFor(ecosystem), index });
      const ids = result.findings.map((f) => f.id);
      expect(result.problems).toEqual([]);
      expect(ids.includes(recordId) ? 'yes' : 'no').toBe(affected);
    },
  );

  it('Debian matches binaries by their source package and reports them under it', () => {
    const result = matchAdvisories({
      packages: [deb('libssl1.1', '1.1.0l-1~deb9u5', 'openssl'), deb('openssl', '1.1.0l-1~deb9u5'), deb('dpkg', '1.18.25')],
      osRelease: osReleaseFor('Debian:9'),
      index,
    });
    expect(result.findings.map((f) => [f.key, f.binaries, f.installed, f.fixed])).toEqual([
      ['DLA-3008-1/openssl', ['libssl1.1', 'openssl'], '1.1.0l-1~deb9u5', '1.1.0l-1~deb9u6'],
      ['DLA-3022-1/dpkg', ['dpkg'], '1.18.25', '1.18.26'],
    ]);
    const dla = result.findings[0];
    expect(dla).toMatchObject({ aliases: ['CVE-2022-1292', 'DEBIAN-CVE-2022-1292'], severity: 'unknown', published: '2022-05-14T00:00:00.000Z', ecosystem: 'Debian:9' });
  });

  it('a binNMU binary is judged by its source version', () => {
    const pkg = deb('libxml2', '2.9.4+dfsg1-2.2+deb9u7+b1', 'libxml2', '2.9.4+dfsg1-2.2+deb9u6');
    expect(advisoryPackageVersion(pkg)).toBe('2.9.4+dfsg1-2.2+deb9u6');
    const result = matchAdvisories({ packages: [pkg], osRelease: osReleaseFor('Debian:9'), index });
    expect(result.findings.map((f) => f.key)).toEqual(['DLA-3012-1/libxml2']);
  });

  it('Ubuntu keeps a USN and a CVE record for the same package as separate keys, without duplicates across :LTS forms', () => {
    const result = matchAdvisories({ packages: [deb('gpgv', '2.2.27-3ubuntu2.1', 'gnupg2'), deb('gnupg', '2.2.27-3ubuntu2.1', 'gnupg2')], osRelease: osReleaseFor('Ubuntu:22.04'), index });
    expect(result.ecosystems).toEqual(['Ubuntu:22.04:LTS']);
    expect(result.findings.map((f) => [f.key, f.fixed ?? null, f.severity])).toEqual([
      ['UBUNTU-CVE-2022-3219/gnupg2', null, 'low'],
      ['USN-7412-1/gnupg2', '2.2.27-3ubuntu2.3', 'unknown'],
    ]);
    expect(result.findings[0].binaries).toEqual(['gnupg', 'gpgv']);
  });

  it('Alpine matches by origin', () => {
    const pkgs: InstalledPackage[] = [
      { manager: 'apk', name: 'musl', version: '1.2.4-r2', sourceName: 'musl' },
      { manager: 'apk', name: 'musl-utils', version: '1.2.4-r2', sourceName: 'musl' },
    ];
    const result = matchAdvisories({ packages: pkgs, osRelease: osReleaseFor('Alpine:v3.18'), index });
    expect(result.findings).toEqual([
      expect.objectContaining({ key: 'ALPINE-CVE-2025-26519/musl', binaries: ['musl', 'musl-utils'], fixed: '1.2.4-r3', severity: 'high', score: 7.0, aliases: ['CVE-2025-26519'] }),
    ]);
  });

  describe('AlmaLinux: binary rpm names, epoch omitted when 0', () => {
    const alma = (v: string) => parseOsRelease(`ID="almalinux"\nVERSION_ID="${v}"`);
    it.each([
      ['9.6', rpm('sudo', '1.9.5p2-9.el9'), ['ALSA-2025:9978/sudo']],
      ['9.6', rpm('sudo', '1.9.5p2-10.el9_6.1'), []],
      ['9.3', rpm('openssl-libs', '1:3.0.7-24.el9'), ['ALSA-2024:0310/openssl-libs']],
      ['9.3', rpm('openssl-libs', '1:3.0.7-25.el9_3'), []],
      ['9.7', rpm('tar', '2:1.34-7.el9'), ['ALSA-2026:0067/tar']],
      // Without the epoch 2 the installed tar sorts below the fix no matter the version.
      ['9.7', rpm('tar', '1.35-1.el9'), ['ALSA-2026:0067/tar']],
      ['8.10', rpm('redis', '6.2.17-1.module_el8.10.0+3946+3de613d5'), ['ALSA-2025:7686/redis']],
      ['8.10', rpm('redis', '6.2.18-1.module_el8.10.0+3994+c2cc5395'), []],
      ['9.6', rpm('nginx-filesystem', '1:1.24.0-7.module_el9.8.0+246+ef96a02d'), ['ALSA-2026:19371/nginx-filesystem']],
      // An AlmaLinux 8 image is judged by AlmaLinux 8's fix (1.9.5p2-1.el8_10.1), not by 9's.
      ['8.10', rpm('sudo', '1.9.5p2-1.el8_9'), ['ALSA-2025:10110/sudo']],
      ['8.10', rpm('sudo', '1.9.5p2-1.el8_10.1'), []],
    ])('AlmaLinux %s %s', (version, pkg, keys) => {
      const result = matchAdvisories({ packages: [pkg], osRelease: alma(version), index });
      expect(result.findings.map((f) => f.key)).toEqual(keys);
    });

    it('the critical nginx finding carries its fix date', () => {
      const result = matchAdvisories({ packages: [rpm('nginx-filesystem', '1:1.24.0-7.module_el9.8.0+246+ef96a02d')], osRelease: alma('9.6'), index });
      expect(result.findings[0]).toMatchObject({ severity: 'critical', fixed: '1:1.24.0-7.module_el9.8.0+246+ef96a02d.1.alma.1', published: '2026-05-19T00:00:00.000Z', aliases: ['CVE-2026-42945'] });
    });
  });

  describe('Red Hat: 0: epochs, extended-support streams', () => {
    const ubi86 = parseOsRelease('ID="rhel"\nVERSION_ID="8.6"\nPLATFORM_ID="platform:el8"');
    const pkgs = [rpm('git-lfs', '2.13.3-3.el8_6'), rpm('python39-libs', '3.9.7-1.module+el8.6.0+13002+7cb80a12'), rpm('PyYAML', '5.4.1-1.module+el8.5.0+10613+59a13ec4')];

    it('matches only enterprise_linux by default (the corpus has none for 8)', () => {
      expect(matchAdvisories({ packages: pkgs, osRelease: ubi86, index }).findings).toEqual([]);
    });

    it('with AUS/E4S/TUS streams, one finding per advisory and package across the three streams', () => {
      const result = matchAdvisories({ packages: pkgs, osRelease: ubi86, index, options: { redHatStreams: ['enterprise_linux', 'rhel_aus', 'rhel_e4s', 'rhel_tus'] } });
      expect(result.ecosystems).toEqual(['Red Hat:rhel_aus:8.6::appstream', 'Red Hat:rhel_e4s:8.6::appstream', 'Red Hat:rhel_tus:8.6::appstream']);
      expect(result.findings.map((f) => [f.key, f.fixed, f.severity])).toEqual([
        ['RHSA-2024:4546/git-lfs', '0:2.13.3-3.el8_6.1', 'high'],
        ['RHSA-2024:6220/python39-libs', '0:3.9.7-2.module+el8.6.0+20026+579726f4.2', 'high'],
      ]);
    });
  });
});

describe('matching rules on synthetic records', () => {
  const debian12 = parseOsRelease('ID=debian\nVERSION_ID=12');
  const build = (records: object[]) => {
    const b = new AdvisoryIndexBuilder(NOW);
    records.forEach((r, i) => b.addRecord(r, `r${i}`));
    return b.build('test');
  };
  const affected = (ranges: object[], versions?: string[]) => ({ package: { ecosystem: 'Debian:12', name: 'pkg' }, ranges, ...(versions ? { versions } : {}) });
  const ids = (index: AdvisoryIndex, version: string) => matchAdvisories({ packages: [deb('pkg', version)], osRelease: debian12, index }).findings.map((f) => f.id);

  it('withdrawn records are ignored', () => {
    const index = build([
      { id: 'W-1', withdrawn: '2026-01-01T00:00:00Z', affected: [affected([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0-1' }] }])] },
      { id: 'A-1', affected: [affected([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0-1' }] }])] },
    ]);
    expect(index.counts.withdrawn).toBe(1);
    expect(ids(index, '1.0-1')).toEqual(['A-1']);
  });

  it('last_affected includes its own version', () => {
    const index = build([{ id: 'L-1', affected: [affected([{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { last_affected: '1.5-1' }] }])] }]);
    expect(ids(index, '0.9-1')).toEqual([]);
    expect(ids(index, '1.5-1')).toEqual(['L-1']);
    expect(ids(index, '1.5-2')).toEqual([]);
  });

  it('an explicit versions list decides only when there is no range', () => {
    const index = build([
      { id: 'V-1', affected: [affected([], ['1.0-1', '1:0.5-1'])] },
      { id: 'V-2', affected: [affected([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0-1' }] }], ['1.0-1'])] },
    ]);
    expect(ids(index, '1.0-1')).toEqual(['V-1']);
    expect(ids(index, '1:0.5-1')).toEqual(['V-1']);
    expect(ids(index, '1.0-2')).toEqual([]);
  });

  it('several ranges: affected when any covers the version, reporting the next fix', () => {
    const index = build([
      {
        id: 'M-1',
        affected: [
          affected([
            { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2-1' }] },
            { type: 'ECOSYSTEM', events: [{ introduced: '2.0-1' }, { fixed: '2.3-1' }] },
            { type: 'GIT', repo: 'https://example.com/x', events: [{ introduced: 'abc' }] },
          ]),
        ],
      },
    ]);
    const m = (v: string) => matchAdvisories({ packages: [deb('pkg', v)], osRelease: debian12, index }).findings.map((f) => f.fixed);
    expect(m('1.1-1')).toEqual(['1.2-1']);
    expect(m('1.5-1')).toEqual([]);
    expect(m('2.1-1')).toEqual(['2.3-1']);
    expect(m('2.3-1')).toEqual([]);
  });

  it('the same advisory copied twice keeps the most recently modified copy', () => {
    const index = build([
      { id: 'D-1', modified: '2025-01-01T00:00:00Z', affected: [affected([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0-1' }] }])] },
      { id: 'D-1', modified: '2025-06-01T00:00:00Z', affected: [affected([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0-1' }] }])] },
      { id: 'D-1', modified: '2025-03-01T00:00:00Z', affected: [affected([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0-1' }] }])] },
    ]);
    expect(index.counts).toMatchObject({ records: 3, duplicates: 2, indexed: 1 });
    expect(ids(index, '2.5-1')).toEqual(['D-1']);
  });

  it('package names that are Object.prototype keys are plain names', () => {
    const index = build(
      ['__proto__', 'constructor', 'toString'].map((name, i) => ({
        id: `P-${i}`,
        affected: [{ package: { ecosystem: 'Debian:12', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
      })),
    );
    const reloaded = JSON.parse(JSON.stringify(index)) as AdvisoryIndex;
    for (const idx of [index, reloaded]) {
      const result = matchAdvisories({ packages: [deb('__proto__', '1'), deb('toString', '1'), deb('hasOwnProperty', '1')], osRelease: debian12, index: idx });
      expect(result.findings.map((f) => f.key)).toEqual(['P-0/__proto__', 'P-2/toString']);
    }
  });

  it('an unparseable installed version is reported, not thrown', () => {
    const index = build([{ id: 'R-1', affected: [{ package: { ecosystem: 'AlmaLinux:9', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0-1' }] }] }] }]);
    const bad: InstalledPackage = { manager: 'rpm', name: 'x', version: 'not a version', release: '1' };
    const result = matchAdvisories({ packages: [bad], osRelease: parseOsRelease('ID=almalinux\nVERSION_ID=9.4'), index });
    expect(result.findings).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ where: 'AlmaLinux:9 R-1 x', message: expect.stringContaining('whitespace') })]);
  });

  it('packages of another manager and images of unsupported distributions give nothing', () => {
    const index = build([{ id: 'A-1', affected: [affected([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }])] }]);
    expect(matchAdvisories({ packages: [{ manager: 'rpm', name: 'pkg', version: '1', release: '1' }], osRelease: debian12, index }).findings).toEqual([]);
    expect(matchAdvisories({ packages: [deb('pkg', '1')], osRelease: parseOsRelease('ID=fedora\nVERSION_ID=40'), index })).toMatchObject({ target: null, findings: [] });
  });

  it('evaluates events out of order the way the OSV spec sorts them', () => {
    expect(evaluateRange('1.5', [['f', '2.0'], ['i', '1.0']], dpkg.compare)).toEqual({ affected: true, fixed: '2.0' });
    expect(evaluateRange('0.5', [['f', '2.0'], ['i', '1.0']], dpkg.compare)).toEqual({ affected: false });
    expect(evaluateRange('3.0', [['i', '0'], ['x', '3.0']], dpkg.compare)).toEqual({ affected: false });
  });
});
