import { CertificationError } from '../errors';

// CVSS base scores from vectors, per the FIRST specifications (v3.1 §7 and Appendix A for Roundup,
// v3.0 §8, v2 §3.2.1). Only base metrics count; temporal and environmental metrics are accepted and
// ignored. CVSS v4 needs the spec's macro-vector lookup table and is not computed here: callers fall
// back to the distribution's rating.

export type CvssVersion = '2.0' | '3.0' | '3.1';

export interface CvssScore {
  version: CvssVersion;
  score: number;
  vector: string;
}

const V3_BASE: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { N: 0.85, L: 0.62, H: 0.27 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 1 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};
// Changed scope raises the weight of low and high privileges.
const V3_PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const V3_OTHER = new Set(['E', 'RL', 'RC', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA']);

const V2_BASE: Record<string, Record<string, number>> = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  C: { N: 0, P: 0.275, C: 0.66 },
  I: { N: 0, P: 0.275, C: 0.66 },
  A: { N: 0, P: 0.275, C: 0.66 },
};
const V2_OTHER = new Set(['E', 'RL', 'RC', 'CDP', 'TD', 'CR', 'IR', 'AR']);

function invalid(vector: string, why: string): CertificationError {
  return new CertificationError('ADVISORY_INVALID', `expected a CVSS v2 or v3 base vector, got ${JSON.stringify(vector)}: ${why}`);
}

function metrics(vector: string, parts: string[], base: Record<string, Record<string, number>>, other: Set<string>) {
  const values: Record<string, string> = {};
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (value === undefined || extra !== undefined) throw invalid(vector, `malformed metric ${JSON.stringify(part)}`);
    if (key in values) throw invalid(vector, `metric ${key} given twice`);
    if (key in base) {
      if (!(value in base[key])) throw invalid(vector, `${key}:${value} is not a valid value`);
    } else if (!other.has(key)) {
      throw invalid(vector, `unknown metric ${key}`);
    }
    values[key] = value;
  }
  for (const key of Object.keys(base)) if (!(key in values)) throw invalid(vector, `base metric ${key} missing`);
  return values;
}

/** CVSS v3.1 Roundup: the smallest one-decimal number ≥ x, computed on integers to dodge float error. */
export function roundUp(x: number): number {
  const i = Math.round(x * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

function v3Score(vector: string, parts: string[]): number {
  const m = metrics(vector, parts, V3_BASE, V3_OTHER);
  const changed = m.S === 'C';
  const iss = 1 - (1 - V3_BASE.C[m.C]) * (1 - V3_BASE.I[m.I]) * (1 - V3_BASE.A[m.A]);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const pr = changed ? V3_PR_CHANGED[m.PR] : V3_BASE.PR[m.PR];
  const exploitability = 8.22 * V3_BASE.AV[m.AV] * V3_BASE.AC[m.AC] * pr * V3_BASE.UI[m.UI];
  if (impact <= 0) return 0;
  // v3.0 says "round up to one decimal"; v3.1's integer Roundup gives the intended result for both.
  return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
}

function v2Score(vector: string, parts: string[]): number {
  const m = metrics(vector, parts, V2_BASE, V2_OTHER);
  const impact = 10.41 * (1 - (1 - V2_BASE.C[m.C]) * (1 - V2_BASE.I[m.I]) * (1 - V2_BASE.A[m.A]));
  const exploitability = 20 * V2_BASE.AV[m.AV] * V2_BASE.AC[m.AC] * V2_BASE.Au[m.Au];
  const f = impact === 0 ? 0 : 1.176;
  const raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  return Math.round((raw + 1e-9) * 10) / 10;
}

/** Base score of a CVSS v2, v3.0 or v3.1 vector. Throws ADVISORY_INVALID for anything else (v4 included). */
export function cvssBaseScore(vector: string): CvssScore {
  const text = vector.trim().replace(/^\((.*)\)$/, '$1');
  const parts = text.split('/').filter((p) => p.length > 0);
  const head = /^CVSS:(\d+\.\d+)$/.exec(parts[0] ?? '');
  if (head) {
    const version = head[1];
    if (version === '3.0' || version === '3.1') return { version, score: v3Score(vector, parts.slice(1)), vector };
    if (version === '2.0') return { version: '2.0', score: v2Score(vector, parts.slice(1)), vector };
    if (version === '4.0') throw invalid(vector, 'CVSS v4 scoring is not implemented (the distribution rating is used instead)');
    throw invalid(vector, `unknown CVSS version ${version}`);
  }
  // v2 vectors carry no version prefix.
  return { version: '2.0', score: v2Score(vector, parts), vector };
}

/** Like cvssBaseScore but null when the vector cannot be scored. */
export function tryCvssBaseScore(vector: string): CvssScore | null {
  try {
    return cvssBaseScore(vector);
  } catch {
    return null;
  }
}
