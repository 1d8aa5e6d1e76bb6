import { db, type Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { storage } from '../../lib/storage';
import { transitionSubmission } from '../../lib/server/submissions/status-machine';
import { certifyReport, randomDigest } from '../certifications/support';
import { makeSubmissionRow } from '../pipeline/support';

const SYSTEM: Actor = { kind: 'system', label: 'test' };
const DAY = 86_400_000;

export interface CheckRow {
  checkId: string;
  status: 'passed' | 'failed' | 'warning' | 'skipped' | 'error';
  required?: boolean;
  evidence?: { package?: string; detail?: string; path?: string }[];
}

export interface FindingRow {
  key: string;
  advisoryId: string;
  packageName: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'unknown';
  fixedVersion?: string | null;
}

/**
 * A submission moved by the status machine as the worker would (queued → certifying → checks-failed
 * or awaiting-review), with a stored report and the check_results/findings rows the worker writes.
 * `askReview` then has the vendor ask for review of a checks-failed one with a justification.
 */
export async function scannedSubmission(
  prisma: Db,
  vendor: { organization: { id: string }; product: { id: string }; owner: { id: string } },
  opts: { checks?: CheckRow[]; findings?: FindingRow[]; ageDays?: number; askReview?: Actor; packages?: { name: string; version: string }[] } = {},
) {
  const checks = opts.checks ?? [{ checkId: 'security.non-root-user', status: 'passed' }];
  const digest = randomDigest();
  const row = await makeSubmissionRow(prisma, vendor, 'queued');
  await prisma.submission.update({ where: { id: row.id }, data: { submittedById: vendor.owner.id, createdAt: new Date(Date.now() - (opts.ageDays ?? 0) * DAY) } });
  const reportKey = `reports/${row.id}/attempt-1.json`;
  await storage().put(reportKey, JSON.stringify({ ...certifyReport(digest), ...(opts.packages ? { packages: opts.packages } : {}) }));
  await prisma.checkResult.createMany({
    data: checks.map((c) => ({
      submissionId: row.id,
      checkId: c.checkId,
      title: `Check ${c.checkId}`,
      status: c.status,
      required: c.required ?? true,
      message: c.status,
      evidence: c.evidence ?? [],
    })),
  });
  await prisma.finding.createMany({
    data: (opts.findings ?? []).map((f) => ({
      submissionId: row.id,
      key: f.key,
      advisoryId: f.advisoryId,
      packageName: f.packageName,
      installedVersion: '1.0',
      fixedVersion: f.fixedVersion === undefined ? '1.1' : f.fixedVersion,
      severity: f.severity,
    })),
  });
  const failing = checks.some((c) => (c.required ?? true) && c.status !== 'passed');
  await db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'certifying', actor: SYSTEM }));
  await db().$transaction((tx) =>
    transitionSubmission(tx, {
      submissionId: row.id,
      to: failing ? 'checks-failed' : 'awaiting-review',
      actor: SYSTEM,
      data: { digest, reportKey, platform: 'linux/arm64/v8', grade: 'B', verdict: failing ? 'not_certifiable' : 'certifiable', finishedAt: new Date() },
    }),
  );
  if (failing && opts.askReview) {
    await db().$transaction((tx) =>
      transitionSubmission(tx, { submissionId: row.id, to: 'awaiting-review', actor: opts.askReview!, reason: 'Please waive: the setuid helper is dropped at runtime', data: { justification: 'Please waive' } }),
    );
  }
  return { id: row.id, digest, reportKey };
}
