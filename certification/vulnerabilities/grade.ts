import type { Severity } from './severity';

// The A–F grade: how long fixes for critical and high findings have been available and not applied.
// Only fixable findings count (nothing to apply otherwise); `unknown` counts only when asked.

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export type SeverityCounts = Record<Severity, number>;

/** What grading needs from a finding. */
export interface GradableFinding {
  severity: Severity;
  fixed?: string;
  /** ISO 8601: when the fix became available (the advisory's `published`). */
  published?: string;
}

export interface GradeOptions {
  /** The evaluation time; explicit so grades are reproducible. */
  now: Date;
  /** Grade `unknown` findings as this severity (default: they do not grade). */
  unknownAs?: 'critical' | 'high';
}

const DAY_MS = 86_400_000;

/** Largest fix age in days for each grade, per severity: the first bound not exceeded gives the grade. */
export const GRADE_TABLE: readonly { grade: Exclude<Grade, 'A' | 'F'>; critical: number; high: number }[] = [
  { grade: 'B', critical: 7, high: 30 },
  { grade: 'C', critical: 30, high: 90 },
  { grade: 'D', critical: 90, high: 180 },
  { grade: 'E', critical: 180, high: 365 },
];

export function countBySeverity(findings: readonly { severity: Severity }[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * Age of the fix in milliseconds; a missing or unreadable date counts as older than any bound, and a
 * fix published after `now` (an evaluation as of an earlier day) was not available yet: negative.
 */
function fixAgeMs(finding: GradableFinding, now: Date): number {
  const t = finding.published ? Date.parse(finding.published) : NaN;
  if (Number.isNaN(t)) return Number.POSITIVE_INFINITY;
  return now.getTime() - t;
}

function effectiveSeverity(finding: GradableFinding, options: GradeOptions): 'critical' | 'high' | null {
  const s = finding.severity === 'unknown' ? options.unknownAs : finding.severity;
  return s === 'critical' || s === 'high' ? s : null;
}

/** The grade one finding alone would give. */
export function gradeOf(finding: GradableFinding, options: GradeOptions): Grade {
  const severity = effectiveSeverity(finding, options);
  if (!severity || !finding.fixed) return 'A';
  const age = fixAgeMs(finding, options.now);
  if (age < 0) return 'A';
  for (const row of GRADE_TABLE) if (age <= row[severity] * DAY_MS) return row.grade;
  return 'F';
}

export interface GradeResult {
  grade: Grade;
  counts: SeverityCounts;
}

/**
 * A: no fixable critical or high finding. B: critical fixes ≤ 7 days old and high ≤ 30. C: ≤ 30 / ≤ 90.
 * D: ≤ 90 / ≤ 180. E: ≤ 180 / ≤ 365. F: anything older. The worst finding decides.
 */
export function gradeFindings(findings: readonly GradableFinding[], options: GradeOptions): GradeResult {
  let grade: Grade = 'A';
  for (const f of findings) {
    const g = gradeOf(f, options);
    if (g > grade) grade = g;
  }
  return { grade, counts: countBySeverity(findings) };
}

export interface GateOptions {
  now: Date;
  /** Severities that block (default critical and high). */
  severities?: Severity[];
  /** Days a fix may be available before its finding blocks (default 0). */
  graceDays?: number;
}

/** Fixable findings at a blocking severity whose fix is older than the grace period. */
export function blockingFindings<T extends GradableFinding>(findings: readonly T[], options: GateOptions): T[] {
  const severities = options.severities ?? ['critical', 'high'];
  const grace = (options.graceDays ?? 0) * DAY_MS;
  return findings.filter((f) => f.fixed && severities.includes(f.severity) && fixAgeMs(f, options.now) > grace);
}
