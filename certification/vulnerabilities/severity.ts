import { tryCvssBaseScore, type CvssScore } from './cvss';
import type { TOsvAffected, TOsvRecord, TOsvSeverity } from './osv';

// Where a finding's severity comes from, in order: a CVSS vector (computed base score), else the
// distribution's own rating, else `unknown`. See README.md for the full table.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

/** Positive when `a` is more severe than `b`; `unknown` is below `low`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[a] - RANK[b];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) >= 0 ? a : b;
}

/** CVSS score → rating: ≥ 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium, otherwise (0.0 included) low. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/**
 * A distribution's word → rating. Red Hat: Important → high, Moderate → medium; Ubuntu: negligible → low;
 * Debian: unimportant → low, a trailing `*` (a guessed urgency) is ignored. Words that rate nothing
 * (`not yet assigned`, `untriaged`, `none`, `end-of-life`) give null.
 */
export function severityFromWord(word: unknown): Severity | null {
  if (typeof word !== 'string') return null;
  switch (word.trim().replace(/\*+$/, '').toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'important':
    case 'high':
      return 'high';
    case 'moderate':
    case 'medium':
      return 'medium';
    case 'low':
    case 'negligible':
    case 'unimportant':
      return 'low';
    default:
      return null;
  }
}

export type SeveritySource = 'cvss' | 'distro' | 'none';

export interface SeverityRating {
  severity: Severity;
  source: SeveritySource;
  /** The CVSS base score when one decided. */
  score?: number;
  /** What decided, for evidence: e.g. `CVSS:3.1/… = 7.5`, `ubuntu_priority negligible`, `summary "Important:"`. */
  detail: string;
}

/** The highest-scoring v3 vector, else the highest v2 vector; v4 and unscorable vectors are skipped. */
function bestCvss(entries: TOsvSeverity[]): CvssScore | null {
  let best: CvssScore | null = null;
  for (const version of ['3', '2']) {
    for (const entry of entries) {
      if (!entry.type.toUpperCase().startsWith(`CVSS_V${version}`)) continue;
      const scored = tryCvssBaseScore(entry.score);
      if (scored && (!best || scored.score > best.score)) best = scored;
    }
    if (best) return best;
  }
  return null;
}

const fromCvss = (s: CvssScore, where: string): SeverityRating => ({
  severity: severityFromScore(s.score),
  source: 'cvss',
  score: s.score,
  detail: `${where}${s.vector} = ${s.score.toFixed(1)}`,
});

const asObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function wordEntry(entries: TOsvSeverity[], type: string): string | undefined {
  return entries.find((e) => e.type.toLowerCase() === type)?.score;
}

/** USN records rate each CVE they fix; the most severe CVE rates the notice. */
function fromCvesMap(affected: TOsvAffected): SeverityRating | null {
  const cves = asObject(asObject(affected.database_specific).cves_map).cves;
  if (!Array.isArray(cves)) return null;
  let best: SeverityRating | null = null;
  for (const cve of cves) {
    const c = asObject(cve);
    const entries = (Array.isArray(c.severity) ? c.severity : [])
      .map(asObject)
      .filter((e) => typeof e.type === 'string' && (typeof e.score === 'string' || typeof e.score === 'number'))
      .map((e) => ({ type: e.type as string, score: String(e.score) }));
    const id = typeof c.id === 'string' ? c.id : '?';
    const cvss = bestCvss(entries);
    const word = wordEntry(entries, 'ubuntu');
    const wordRating = severityFromWord(word);
    const rating: SeverityRating | null = cvss
      ? { severity: severityFromScore(cvss.score), source: 'distro', score: cvss.score, detail: `cves_map ${id} ${cvss.vector} = ${cvss.score.toFixed(1)}` }
      : wordRating
        ? { severity: wordRating, source: 'distro', detail: `cves_map ${id} Ubuntu ${word}` }
        : null;
    if (rating && (!best || compareSeverity(rating.severity, best.severity) > 0)) best = rating;
  }
  return best;
}

/** The distribution's rating carried by one affected entry, in the documented order. */
function fromAffected(affected: TOsvAffected): SeverityRating | null {
  const eco = asObject(affected.ecosystem_specific);
  const db = asObject(affected.database_specific);
  const fields: [string, unknown][] = [
    ['ecosystem_specific.severity', eco.severity],
    ['database_specific.severity', db.severity],
    ['ecosystem_specific.urgency', eco.urgency],
    ['ecosystem_specific.ubuntu_priority', eco.ubuntu_priority],
    ['ecosystem_specific.priority', eco.priority],
  ];
  for (const [field, value] of fields) {
    const s = severityFromWord(value);
    if (s) return { severity: s, source: 'distro', detail: `${field} ${String(value)}` };
  }
  return null;
}

const SUMMARY_PREFIX = /^\s*(Critical|Important|Moderate|Low):/i;

/**
 * Severity of an advisory for one affected entry (or for the whole record when none is given: then
 * the most severe rating over its entries). Order: CVSS vector in the entry's or record's `severity`
 * → distribution rating (entry severity/urgency/priority fields, the record's `Ubuntu` severity entry,
 * the most severe CVE of a USN `cves_map`, a Red Hat/AlmaLinux summary prefix) → unknown.
 */
export function deriveSeverity(record: TOsvRecord, affected?: TOsvAffected): SeverityRating {
  const entries = affected ? [affected] : record.affected;
  for (const a of entries) {
    const cvss = bestCvss(a.severity);
    if (cvss) return fromCvss(cvss, 'affected severity ');
  }
  const cvss = bestCvss(record.severity);
  if (cvss) return fromCvss(cvss, '');

  let best: SeverityRating | null = null;
  for (const a of entries) {
    const r = fromAffected(a);
    if (r && (!best || compareSeverity(r.severity, best.severity) > 0)) best = r;
  }
  if (best) return best;

  const ubuntu = wordEntry(record.severity, 'ubuntu');
  const ubuntuRating = severityFromWord(ubuntu);
  if (ubuntuRating) return { severity: ubuntuRating, source: 'distro', detail: `severity Ubuntu ${ubuntu}` };

  for (const a of entries) {
    const r = fromCvesMap(a);
    if (r && (!best || compareSeverity(r.severity, best.severity) > 0)) best = r;
  }
  if (best) return best;

  const prefix = SUMMARY_PREFIX.exec(record.summary ?? '');
  if (prefix) {
    return { severity: severityFromWord(prefix[1])!, source: 'distro', detail: `summary "${prefix[1]}:"` };
  }
  return { severity: 'unknown', source: 'none', detail: 'no CVSS vector and no distribution rating' };
}
