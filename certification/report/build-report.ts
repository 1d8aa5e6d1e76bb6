import { runChecks, type CheckResult } from '../checks/index';
import type { CheckContext, Grade, Severity, SignatureInput } from '../checks/types';
import { findingKey } from '../checks/vulnerabilities-policy';
import type { Platform } from '../image/types';
import type { LoadedPolicy } from '../policy/load-policy';
import { deriveRuntimeProfile, type RuntimeProfile } from '../profile/runtime-profile';
import { decideVerdict, type Verdict } from './verdict';
import { activeWaiver, type AppliedWaiver } from './waivers';

// The report contract of issue 4 (schema: certification/report.schema.json). Fields may be added,
// never renamed: the CLI, the platform, the UI and customers' CI all read it.

export interface ReportFinding {
  id: string;
  key: string;
  aliases: string[];
  package: string;
  installed: string;
  fixed: string | null;
  severity: Severity;
  published: string | null;
  waiver?: AppliedWaiver;
}

export interface CertificationReport {
  schemaVersion: 1;
  verdict: Verdict;
  evaluatedAt: string;
  policy: { name: string; version: string; digest: string };
  image: {
    source: string;
    identity: string | null;
    digest: string;
    platform: Platform;
    layers: number;
    size: number;
    uncompressedSize: number;
    created: string | null;
    user: string;
    labels: Record<string, string>;
    tags: string[];
  };
  baseOs: { id: string | null; versionId: string | null; name: string | null; packageManager: 'rpm' | 'dpkg' | 'apk' | null; packageCount: number };
  checks: CheckResult[];
  signatures: Pick<SignatureInput, 'kind' | 'verified' | 'keyId' | 'reference' | 'reason'>[];
  /** null when no advisory database was given. */
  vulnerabilities: { grade: Grade; counts: Record<Severity, number>; findings: ReportFinding[] } | null;
  profile: Omit<RuntimeProfile, 'uid'>;
}

export interface IndexReport {
  schemaVersion: 1;
  index: string;
  verdict: Verdict;
  platforms: CertificationReport[];
}

export interface BuildReportInput {
  ctx: CheckContext;
  policy: LoadedPolicy;
  /** Results of runChecks(ctx); computed when absent. */
  results?: CheckResult[];
}

export function buildReport({ ctx, policy, results = runChecks(ctx) }: BuildReportInput): CertificationReport {
  const { image } = ctx;
  const os = ctx.osRelease;
  const v = ctx.vulnerabilities;
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const f of v?.findings ?? []) counts[f.severity]++;
  const { uid: _uid, ...profile } = deriveRuntimeProfile(ctx);
  return {
    schemaVersion: 1,
    verdict: decideVerdict(results, policy.policy),
    evaluatedAt: ctx.at.toISOString(),
    policy: { name: policy.policy.name, version: policy.policy.version, digest: policy.digest },
    image: {
      source: image.source,
      identity: image.identity,
      digest: image.digest,
      platform: { os: image.platform.os, architecture: image.platform.architecture, ...(image.platform.variant ? { variant: image.platform.variant } : {}) },
      layers: image.layerCount,
      size: image.size,
      uncompressedSize: image.uncompressedSize,
      created: image.config.created ?? null,
      user: image.config.user ?? '',
      labels: image.config.labels,
      tags: image.tags,
    },
    baseOs: {
      id: os?.id ?? null,
      versionId: os?.versionId ?? null,
      name: os?.prettyName ?? os?.name ?? null,
      packageManager: ctx.packages?.manager ?? null,
      packageCount: ctx.packages?.packages.length ?? 0,
    },
    checks: results,
    signatures: (ctx.signatures ?? []).map((s) => ({ kind: s.kind, verified: s.verified, keyId: s.keyId, reference: s.reference, ...(s.reason ? { reason: s.reason } : {}) })),
    vulnerabilities: v
      ? {
          grade: v.grade,
          counts,
          findings: v.findings.map((f) => {
            const key = findingKey(f);
            const waiver = activeWaiver(ctx.waivers, { finding: key }, ctx.at);
            return {
              id: f.id,
              key,
              aliases: f.aliases,
              package: f.package,
              installed: f.installed,
              fixed: f.fixed ?? null,
              severity: f.severity,
              published: f.published ?? null,
              ...(waiver ? { waiver } : {}),
            };
          }),
        }
      : null,
    profile,
  };
}

/** `--all-platforms`: certifiable only when every platform's image is. */
export function buildIndexReport(index: string, platforms: CertificationReport[]): IndexReport {
  const verdict: Verdict = platforms.length > 0 && platforms.every((p) => p.verdict === 'certifiable') ? 'certifiable' : 'not-certifiable';
  return { schemaVersion: 1, index, verdict, platforms };
}
