import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certify } from '@/certification/certify';
import { missingTools } from '@/certification/checks/testing/layered-image';
import { certifyImages } from '@/certification/test-support/certify-fixtures';
import type { CertificationReport } from '@/certification/report/build-report';
import { db, type Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { storage } from '../../lib/storage';
import { transitionSubmission } from '../../lib/server/submissions/status-machine';
import { getReview } from '../../lib/server/reviews/get-review';
import { grantWaiver } from '../../lib/server/waivers/grant-waiver';
import { recomputeVerdict } from '../../lib/server/waivers/recompute-verdict';
import { makeUser } from '../support/factories';
import { actorOf } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { makeSubmissionRow, makeVendor } from '../pipeline/support';

// The platform's recomputed verdict must agree with the engine's: a real certify() report of a fixture
// image, stored as the worker stores it, judged again from its check_results and the product's waivers.
const AT = new Date('2026-11-15T12:00:00Z');
const SYSTEM: Actor = { kind: 'system', label: 'test' };
const missing = missingTools('umoci', 'rpm', 'rpmbuild');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the engine-verdict review test does not run`);

describe.skipIf(missing.length > 0)('verdict recomputed from a real certify() report', () => {
  let prisma: Db;
  let report: CertificationReport;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-review-engine-'));

  beforeAll(async () => {
    ({ prisma } = await useTestDatabase());
    process.env.ASSAY_DATA_DIR = dataDir;
    const images = certifyImages();
    // No trust material and no advisory database: the signature check cannot pass and the report says why.
    report = await certify({ source: `oci-archive:${images.ociArchive}`, at: AT, registry: { tlsVerify: false, ssrfGuard: { enabled: false } } });
  }, 300_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('agrees with the engine before waivers, and waiving exactly the blocking checks makes it certifiable', async () => {
    const blockingByEngine = report.checks.filter((c) => c.required && c.status !== 'passed' && c.skipCode !== 'no-base-os').map((c) => c.id).sort();
    expect(report.verdict).toBe('not-certifiable');
    expect(blockingByEngine).toContain('signature.verified');

    const vendor = await makeVendor(prisma);
    const reviewer = await actorOf(prisma, (await makeUser(prisma, { platformRole: 'reviewer' })).id);
    const row = await makeSubmissionRow(prisma, vendor, 'queued');
    const reportKey = `reports/${row.id}/attempt-1.json`;
    await storage().put(reportKey, JSON.stringify(report));
    await prisma.checkResult.createMany({
      data: report.checks.map((c) => ({ submissionId: row.id, checkId: c.id, title: c.title, status: c.status, required: c.required, message: c.message, remediation: c.remediation, evidence: JSON.parse(JSON.stringify(c.evidence)) })),
    });
    await db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'certifying', actor: SYSTEM }));
    await db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'checks-failed', actor: SYSTEM, data: { reportKey, digest: report.image.digest, verdict: 'not_certifiable' } }));
    await db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'awaiting-review', actor: vendor.ownerActor, reason: 'Signed images follow next release' }));

    const before = await db().$transaction((tx) => recomputeVerdict(tx, row.id, AT));
    expect(before.verdict).toBe(report.verdict);
    expect([...before.blocking].sort()).toEqual(blockingByEngine);

    const view = await getReview({ actor: reviewer, id: row.id });
    expect((view.report?.image as { digest: string }).digest).toBe(report.image.digest);
    const signature = view.checks.find((c) => c.id === 'signature.verified')!;
    expect(signature).toMatchObject({ status: report.checks.find((c) => c.id === 'signature.verified')!.status, required: true, waiver: null });
    expect(signature.status).not.toBe('passed');

    for (const id of blockingByEngine.slice(0, -1)) {
      await grantWaiver({ actor: reviewer, sourceIp: null, submissionId: row.id, input: { kind: 'check', target: id, reason: 'accepted-risk', justification: 'Accepted for the test release', expiresAt: '2099-01-01' } });
    }
    const almost = await db().$transaction((tx) => recomputeVerdict(tx, row.id, AT));
    expect(almost).toEqual({ verdict: 'not-certifiable', blocking: blockingByEngine.slice(-1) });
    const last = await grantWaiver({ actor: reviewer, sourceIp: null, submissionId: row.id, input: { kind: 'policy-exception', target: blockingByEngine.at(-1), reason: 'accepted-risk', justification: 'Policy exception for the test product', expiresAt: '2099-01-01' } });
    expect(last.verdict).toEqual({ verdict: 'certifiable', blocking: [] });

    // The engine, given the same waivers, reaches the same verdict.
    const waived = await certify({
      source: `oci-archive:${certifyImages().ociArchive}`,
      at: AT,
      registry: { tlsVerify: false, ssrfGuard: { enabled: false } },
      waivers: blockingByEngine.map((check) => ({ check, reason: 'accepted-risk', justification: 'same', expires: '2099-01-01', by: 'reviewer' })),
    });
    expect(waived.verdict).toBe('certifiable');
  }, 120_000);
});
