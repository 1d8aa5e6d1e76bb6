import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPresent } from '../packages/test-corpus';
import { parseOsvRecord } from './osv';
import { compareSeverity, deriveSeverity, severityFromWord, type Severity, type SeveritySource } from './severity';

const OSV_DIR = path.join(CORPUS_DIR, 'osv');
const HAVE_CORPUS = corpusPresent('osv');

// Expected severity of every corpus record, worked out by hand from the records and ECOSYSTEMS.md:
// a CVSS vector decides first (its base score), then the distribution's rating, else unknown.
const EXPECTED: [file: string, severity: Severity, source: SeveritySource, why: string][] = [
  ['alpine/ALPINE-CVE-2025-26519.json', 'high', 'cvss', 'CVSS:3.1 …AV:L/AC:H/PR:L…/C:H/I:H/A:H = 7.0'],
  ['debian/DLA-3008-1.json', 'unknown', 'none', 'DLA records carry no severity'],
  ['debian/DLA-3012-1.json', 'unknown', 'none', 'no severity'],
  ['debian/DLA-3022-1.json', 'unknown', 'none', 'no severity'],
  ['debian/DLA-3051-1.json', 'unknown', 'none', 'no severity'],
  ['debian/DSA-3029-1.json', 'unknown', 'none', 'no severity'],
  ['ubuntu/UBUNTU-CVE-2016-2781.json', 'medium', 'cvss', 'CVSS 6.5 outranks ubuntu_priority low'],
  ['ubuntu/UBUNTU-CVE-2017-11164.json', 'high', 'cvss', 'CVSS 7.5 outranks ubuntu_priority negligible'],
  ['ubuntu/UBUNTU-CVE-2022-3219.json', 'low', 'cvss', 'CVSS 3.3'],
  ['ubuntu/UBUNTU-CVE-2022-4899.json', 'high', 'cvss', 'CVSS 7.5'],
  ['ubuntu/UBUNTU-CVE-2024-2236.json', 'medium', 'cvss', 'CVSS 5.9 outranks the Ubuntu entry "low"'],
  ['ubuntu/UBUNTU-CVE-2025-38094.json', 'medium', 'distro', 'only {"type":"Ubuntu","score":"medium"}'],
  ['ubuntu/UBUNTU-CVE-2025-5278.json', 'medium', 'cvss', 'CVSS 4.4'],
  ['ubuntu/USN-6166-1.json', 'high', 'distro', 'cves_map: CVE-2023-2603 CVSS 7.8 > CVE-2023-2602 3.3'],
  ['ubuntu/USN-7275-1.json', 'medium', 'distro', 'cves_map: CVE-2024-12133 CVSS 5.3'],
  ['ubuntu/USN-7287-1.json', 'medium', 'distro', 'cves_map: CVE-2025-1390 CVSS 6.1'],
  ['ubuntu/USN-7412-1.json', 'unknown', 'none', 'no cves_map, no severity'],
  ['ubuntu/USN-7768-1.json', 'high', 'distro', 'cves_map: CVE-2025-6297 CVSS 8.2'],
  ['redhat/RHSA-2018_3140.extracted.json', 'high', 'cvss', 'CVSS 7.5'],
  ['redhat/RHSA-2022_0216.json', 'high', 'cvss', 'CVSS 8.1'],
  ['redhat/RHSA-2024_4546.json', 'high', 'cvss', 'CVSS 7.5'],
  ['redhat/RHSA-2024_6220.json', 'high', 'cvss', 'CVSS 8.8'],
  ['almalinux/almalinux10/ALSA-2025_21248.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux10/ALSA-2025_7524.json', 'high', 'distro', 'Important:'],
  ['almalinux/almalinux10/ALSA-2026_0002.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux10/ALSA-2026_10758.json', 'high', 'distro', 'Important:'],
  ['almalinux/almalinux10/ALSA-2026_1334.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux10/ALSA-2026_13651.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux10/ALSA-2026_1825.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux10/ALSA-2026_5913.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux8/ALBA-2026_47115.json', 'unknown', 'none', '"None:" rates nothing'],
  ['almalinux/almalinux8/ALSA-2025_10110.json', 'high', 'distro', 'Important:'],
  ['almalinux/almalinux8/ALSA-2025_23383.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux8/ALSA-2025_2722.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux8/ALSA-2025_3913.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux8/ALSA-2025_4049.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux8/ALSA-2025_7686.json', 'high', 'distro', 'Important:'],
  ['almalinux/almalinux8/ALSA-2026_0337.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux8/ALSA-2026_0728.json', 'high', 'distro', 'Important:'],
  ['almalinux/almalinux9/ALBA-2025_20841.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux9/ALSA-2024_0310.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux9/ALSA-2025_20559.json', 'low', 'distro', 'Low:'],
  ['almalinux/almalinux9/ALSA-2025_22376.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux9/ALSA-2025_7067.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux9/ALSA-2025_9978.json', 'high', 'distro', 'Important:'],
  ['almalinux/almalinux9/ALSA-2026_0067.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux9/ALSA-2026_0719.json', 'high', 'distro', 'Important:'],
  ['almalinux/almalinux9/ALSA-2026_1350.json', 'medium', 'distro', 'Moderate:'],
  ['almalinux/almalinux9/ALSA-2026_19371.json', 'critical', 'distro', 'Critical:'],
];

describe.skipIf(!HAVE_CORPUS)('severity of every corpus record', () => {
  it.each(EXPECTED)('%s → %s (%s: %s)', (file, severity, source) => {
    const record = parseOsvRecord(JSON.parse(readFileSync(path.join(OSV_DIR, file), 'utf8')), file);
    const rating = deriveSeverity(record);
    expect({ severity: rating.severity, source: rating.source }).toEqual({ severity, source });
  });

  it('USN-6166-1 names the CVE that decided', () => {
    const record = parseOsvRecord(JSON.parse(readFileSync(path.join(OSV_DIR, 'ubuntu/USN-6166-1.json'), 'utf8')), 'USN-6166-1');
    expect(deriveSeverity(record, record.affected[1])).toMatchObject({ score: 7.8, detail: expect.stringContaining('CVE-2023-2603') });
  });
});

const base = { id: 'T-1', affected: [{ package: { ecosystem: 'Debian:12', name: 'x' } }] };
const rate = (json: object) => deriveSeverity(parseOsvRecord({ ...base, ...json }, 'test'));

describe('the documented fallback order', () => {
  it('a CVSS vector in the affected entry counts like one in the record', () => {
    expect(rate({ affected: [{ package: base.affected[0].package, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }] })).toMatchObject({
      severity: 'critical',
      source: 'cvss',
      score: 9.8,
    });
  });

  it('prefers v3 over v2 and the highest of several v3 vectors', () => {
    expect(
      rate({
        severity: [
          { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' },
          { type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L' },
          { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' },
        ],
      }),
    ).toMatchObject({ severity: 'medium', score: 5.3 });
    expect(rate({ severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }] })).toMatchObject({ severity: 'high', score: 7.5 });
  });

  it('a CVSS v4 vector is not scored: the distribution rating decides', () => {
    expect(
      rate({
        severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }],
        affected: [{ package: base.affected[0].package, ecosystem_specific: { urgency: 'high' } }],
      }),
    ).toMatchObject({ severity: 'high', source: 'distro', detail: 'ecosystem_specific.urgency high' });
  });

  it.each([
    [{ ecosystem_specific: { severity: 'Important' } }, {}, 'high'],
    [{ database_specific: { severity: 'MODERATE' } }, {}, 'medium'],
    [{ ecosystem_specific: { urgency: 'unimportant' } }, {}, 'low'],
    [{ ecosystem_specific: { urgency: 'medium**' } }, {}, 'medium'],
    [{ ecosystem_specific: { urgency: 'not yet assigned' } }, {}, 'unknown'],
    [{ ecosystem_specific: { ubuntu_priority: 'negligible' } }, {}, 'low'],
    [{ ecosystem_specific: { ubuntu_priority: 'untriaged' } }, {}, 'unknown'],
    [{}, { severity: [{ type: 'Ubuntu', score: 'critical' }] }, 'critical'],
    [{}, { summary: 'Critical: kernel security update' }, 'critical'],
    [{}, { summary: 'Low: tar security update' }, 'low'],
    [{}, { summary: 'nginx - security update' }, 'unknown'],
    // The entry's own rating comes before the summary prefix.
    [{ ecosystem_specific: { severity: 'low' } }, { summary: 'Important: x' }, 'low'],
  ] as const)('entry %j, record %j → %s', (entry, record, severity) => {
    expect(rate({ ...record, affected: [{ package: base.affected[0].package, ...entry }] }).severity).toBe(severity);
  });

  it('with no entry given, the most severe entry rating rates the record', () => {
    expect(
      rate({
        affected: [
          { package: { ecosystem: 'Debian:11', name: 'x' }, ecosystem_specific: { urgency: 'low' } },
          { package: { ecosystem: 'Debian:12', name: 'x' }, ecosystem_specific: { urgency: 'high' } },
        ],
      }).severity,
    ).toBe('high');
  });
});

describe('severity words and order', () => {
  it('orders critical > high > medium > low > unknown', () => {
    expect(['low', 'unknown', 'critical', 'medium', 'high'].sort((a, b) => compareSeverity(b as Severity, a as Severity))).toEqual([
      'critical',
      'high',
      'medium',
      'low',
      'unknown',
    ]);
  });
  it('maps nothing from non-strings', () => {
    expect(severityFromWord(7)).toBeNull();
    expect(severityFromWord('None')).toBeNull();
  });
});
