import { describe, expect, it } from 'vitest';
import { cvssBaseScore, roundUp, tryCvssBaseScore } from './cvss';
import { severityFromScore } from './severity';

// Scores as published by FIRST's calculators / NVD for these vectors.
const V3: [string, number][] = [
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
  ['CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0.0],
  // Vectors in the corpus records (NVD / Ubuntu / Red Hat state these scores for them).
  ['CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:C/C:N/I:H/A:N', 6.5], // CVE-2016-2781
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5], // CVE-2017-11164
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5], // RHSA-2018:3140
  ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.0], // ALPINE-CVE-2025-26519
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:H/A:N', 6.1], // CVE-2025-1390
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L', 3.3], // CVE-2022-3219, CVE-2023-2602
  ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:L', 4.4], // CVE-2025-5278
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1], // RHSA-2022:0216
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9], // CVE-2024-2236
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N', 8.2], // CVE-2025-6297
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5], // CVE-2022-4899, RHSA-2024:4546
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', 5.3], // CVE-2024-12133
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8], // RHSA-2024:6220
];

const V2: [string, number][] = [
  ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5],
  ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0],
  ['AV:N/AC:M/Au:N/C:N/I:P/A:N', 4.3],
  ['AV:L/AC:L/Au:N/C:C/I:C/A:C', 7.2],
  ['AV:N/AC:L/Au:N/C:N/I:N/A:P', 5.0],
  ['(AV:N/AC:M/Au:N/C:P/I:P/A:P)', 6.8],
  ['CVSS:2.0/AV:N/AC:L/Au:S/C:N/I:N/A:N', 0.0],
];

describe('CVSS v3 base score', () => {
  it.each(V3)('%s = %s', (vector, score) => {
    expect(cvssBaseScore(vector)).toEqual({ version: vector.slice(5, 8), score, vector });
  });

  it('ignores temporal and environmental metrics', () => {
    expect(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:L/MAV:L').score).toBe(9.8);
  });
});

describe('CVSS v2 base score', () => {
  it.each(V2)('%s = %s', (vector, score) => {
    expect(cvssBaseScore(vector)).toEqual({ version: '2.0', score, vector });
  });
});

describe('Roundup (CVSS v3.1 Appendix A)', () => {
  it.each([
    [4.0, 4.0],
    [4.02, 4.1],
    [4.000001, 4.0],
    [4.1000000000000005, 4.1],
    [0.0, 0.0],
  ])('%s → %s', (x, y) => expect(roundUp(x)).toBe(y));
});

describe('invalid vectors', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', 'base metric A missing'],
    ['CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'AV:X is not a valid value'],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'given twice'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1', 'unknown metric ZZ'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'CVSS v4 scoring is not implemented'],
    ['CVSS:9.9/AV:N', 'unknown CVSS version'],
    ['low', 'malformed metric'],
  ])('%s: %s', (vector, why) => {
    expect(() => cvssBaseScore(vector)).toThrow(expect.objectContaining({ code: 'ADVISORY_INVALID', message: expect.stringContaining(why) }));
    expect(tryCvssBaseScore(vector)).toBeNull();
  });
});

describe('score → severity', () => {
  it.each([
    [10, 'critical'],
    [9.0, 'critical'],
    [8.9, 'high'],
    [7.0, 'high'],
    [6.9, 'medium'],
    [4.0, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
    [0, 'low'],
  ] as const)('%s → %s', (score, severity) => expect(severityFromScore(score)).toBe(severity));
});
