import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../certification/index';
import { startCertifyWorld, TAG, type CertifyWorld } from '../../certification/test-support/certify-fixtures';
import type { Db } from '../../lib/db/client';
import { stopProducer } from '../../lib/queue/queue';
import { startWorkerPool, type WorkerPool } from '../../lib/pipeline/supervisor';
import { createReferenceSubmission } from '../../lib/server/submissions/create-submission';
import { createPolicyVersion } from '../../lib/server/policies/policies';
import { importAdvisoryDatabase } from '../../lib/server/advisories/advisories';
import { DEMO_ADVISORIES_DIR } from '../../lib/seed/platform';
import { makeUser } from '../support/factories';
import { actorOf, call, sessionHeaders } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { makeVendor, waitFor } from './support';
import * as requestReviewRoute from '../../app/api/v1/submissions/[id]/request-review/route';
import * as sbomRoute from '../../app/api/v1/submissions/[id]/sbom/route';
import * as reportRoute from '../../app/api/v1/submissions/[id]/report/route';
import * as adminAdvisories from '../../app/api/v1/admin/advisories/route';
import * as advisoriesDownload from '../../app/api/v1/advisories/route';
import { gunzipSync } from 'node:zlib';

// The full engine in real worker processes: a loopback registry with signed and unsigned images, the
// vendor's cosign key registered in the database, advisory databases imported the platform's ways.

let prisma: Db;
let world: CertifyWorld;
let pool: WorkerPool;
let vendor: Awaited<ReturnType<typeof makeVendor>>;
let admin: { id: string };
const output: string[] = [];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-certify-pipeline-'));
const products: Record<'signed' | 'unsigned' | 'debian', { id: string; slug: string }> = {} as never;

beforeAll(async () => {
  const db = await useTestDatabase();
  prisma = db.prisma;
  process.env.ASSAY_DATA_DIR = dataDir;
  process.env.ASSAY_ENCRYPTION_KEY = 'certify-test-encryption-key-0123456789abcdef';
  pool = startWorkerPool({
    count: 2,
    env: { ...process.env, DATABASE_URL: db.url, ASSAY_QUEUE_MAINTENANCE_SECONDS: '1', ASSAY_QUEUE_POLL_SECONDS: '0.5', ASSAY_INSECURE_REGISTRIES: '127.0.0.1', ASSAY_REGISTRY_ALLOW: '127.0.0.1/32' },
    onOutput: (line) => output.push(line),
  });
  world = await startCertifyWorld();
  vendor = await makeVendor(prisma, 'acme-certify');
  admin = await makeUser(prisma, { platformRole: 'admin' });
  for (const [name, repository] of [['signed', world.repos.signed], ['unsigned', world.repos.unsigned], ['debian', world.repos.debian]] as const) {
    products[name] = await prisma.product.create({ data: { organizationId: vendor.organization.id, slug: name, name, repository }, select: { id: true, slug: true } });
  }
  await prisma.signingKey.create({
    data: { organizationId: vendor.organization.id, name: 'release key', kind: 'pem', algorithm: 'ecdsa-p256', publicKey: world.key.publicKeyPem, fingerprint: 'test-fingerprint', createdById: vendor.owner.id },
  });
  await waitFor('two workers ready', async () => output.filter((l) => l.endsWith('] ready')).length >= 2, 60_000);
}, 180_000);

afterAll(async () => {
  await pool?.stop();
  await stopProducer();
  await world?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const submit = async (product: keyof typeof products, reference: string) =>
  createReferenceSubmission({ actor: vendor.ownerActor, sourceIp: '127.0.0.1', vendor: 'acme-certify', product: products[product].slug, input: { reference } });

async function settled(id: string) {
  return waitFor(`submission ${id} to finish`, async () => {
    const s = await prisma.submission.findUniqueOrThrow({ where: { id }, include: { policy: true } });
    return ['queued', 'certifying'].includes(s.status) ? null : s;
  }, 60_000);
}

const checkRows = (submissionId: string) => prisma.checkResult.findMany({ where: { submissionId }, orderBy: { checkId: 'asc' } });

describe('advisory databases', () => {
  it('imports the project-written demo advisories from a folder', async () => {
    const result = await importAdvisoryDatabase({ actor: { kind: 'system', label: 'test' }, path: DEMO_ADVISORIES_DIR, source: 'demo' });
    expect(result.counts).toMatchObject({ records: 4, indexed: 4, invalid: 0 });
    expect(result.import.ecosystems).toEqual(['Alpine:v3.20', 'Debian:12', 'Rocky Linux:9']);
    for (const file of ['ASSAY-DEMO-2026-0001.json', 'ASSAY-DEMO-2026-0004.json']) {
      expect(JSON.parse(readFileSync(path.join(DEMO_ADVISORIES_DIR, file), 'utf8')).summary).toContain('Demo advisory written for the Assay demo — not a real vulnerability');
    }
  });

  it('imports an uploaded OSV zip in a worker, not in the web process, and makes it the current database', async () => {
    const zip = path.join(world.tmp, 'demo.zip');
    execFileSync('zip', ['-q', '-j', zip, ...['0001', '0002', '0003', '0004'].map((n) => path.join(DEMO_ADVISORIES_DIR, `ASSAY-DEMO-2026-${n}.json`))]);
    const bytes = readFileSync(zip);
    const headers = await sessionHeaders(prisma, admin.id);
    headers.set('content-type', 'application/zip');
    const res = await adminAdvisories.POST(new Request('http://localhost/api/v1/admin/advisories?filename=demo.zip', { method: 'POST', headers, body: bytes }), { params: Promise.resolve({}) });
    expect(res.status).toBe(202);
    const row = await waitFor('the worker to import the zip', () => prisma.advisoryImport.findFirst({ where: { source: { startsWith: 'demo.zip' } } }), 30_000);
    expect(row).toMatchObject({ recordCount: 4, ecosystems: ['Alpine:v3.20', 'Debian:12', 'Rocky Linux:9'] });
    // The worker logs after it commits the row; give the line a moment to arrive.
    await waitFor('the worker to log the import', async () => output.some((l) => l.includes('advisories: imported 4 from demo.zip')) || null, 10_000);
    const outsider = await adminAdvisories.POST(new Request('http://localhost/api/v1/admin/advisories?filename=x.zip', { method: 'POST', headers: await sessionHeaders(prisma, vendor.owner.id), body: bytes }), { params: Promise.resolve({}) });
    expect(outsider.status).toBe(404);

    // The current index is public, for `assay certify --advisories` to judge the same way.
    const download = await advisoriesDownload.GET(new Request('http://localhost/api/v1/advisories'), { params: Promise.resolve({}) });
    expect(download.status).toBe(200);
    expect(download.headers.get('etag')).toBe(`"${row.id}"`);
    const index = JSON.parse(gunzipSync(Buffer.from(await download.arrayBuffer())).toString('utf8'));
    expect(index).toMatchObject({ format: 'assay-advisory-index', counts: { indexed: 4 } });
    const cached = await advisoriesDownload.GET(new Request('http://localhost/api/v1/advisories', { headers: { 'if-none-match': `"${row.id}"` } }), { params: Promise.resolve({}) });
    expect(cached.status).toBe(304);
    expect(await prisma.advisoryImport.count({ where: { source: { startsWith: 'x.zip' } } })).toBe(0);
  });
});

describe('the pipeline runs the full certification', () => {
  it('certifies a signed image whose vendor key is registered: awaiting-review with check rows, grade and SBOMs', async () => {
    const created = await submit('signed', `docker://${world.repos.signed}:${TAG}`);
    const done = await settled(created.id);
    expect(done).toMatchObject({ status: 'awaiting_review', verdict: 'certifiable', grade: 'A', digest: world.images.digests.rhel, error: null });
    expect(done.policy).toMatchObject({ version: 1, active: true });
    const rows = await checkRows(created.id);
    expect(rows).toHaveLength(CHECKS.length);
    expect(rows.find((r) => r.checkId === 'signature.verified')).toMatchObject({ status: 'passed', required: true });
    expect(rows.filter((r) => r.required && r.status !== 'passed')).toEqual([]);
    const owner = await sessionHeaders(prisma, vendor.owner.id);
    const report = await call(reportRoute.GET, `/api/v1/submissions/${created.id}/report`, { id: created.id }, { headers: owner });
    expect(report.body).toMatchObject({ verdict: 'certifiable', policy: { version: '1' }, image: { identity: world.repos.signed } });
    const cdx = await call(sbomRoute.GET, `/api/v1/submissions/${created.id}/sbom?format=cyclonedx`, { id: created.id }, { headers: owner });
    expect(cdx.status).toBe(200);
    expect(cdx.body).toMatchObject({ bomFormat: 'CycloneDX' });
    expect(cdx.body.components.length).toBeGreaterThan(0);
    const spdxDoc = await call(sbomRoute.GET, `/api/v1/submissions/${created.id}/sbom?format=spdx`, { id: created.id }, { headers: owner });
    expect(spdxDoc.body.spdxVersion).toBe('SPDX-2.3');
    const outsider = await makeUser(prisma);
    const hidden = await call(sbomRoute.GET, `/api/v1/submissions/${created.id}/sbom`, { id: created.id }, { headers: await sessionHeaders(prisma, outsider.id) });
    expect(hidden.status).toBe(404);
  });

  it('fails an unsigned image on signature.verified with its remediation; the vendor asks for review with a justification', async () => {
    const created = await submit('unsigned', `docker://${world.repos.unsigned}:${TAG}`);
    const done = await settled(created.id);
    expect(done).toMatchObject({ status: 'checks_failed', verdict: 'not_certifiable' });
    const sig = (await checkRows(created.id)).find((r) => r.checkId === 'signature.verified')!;
    expect(sig.status).toBe('failed');
    expect(sig.remediation).toMatch(/register the public key with Assay/);
    const owner = await sessionHeaders(prisma, vendor.owner.id);
    const url = `/api/v1/submissions/${created.id}/request-review`;
    const short = await call(requestReviewRoute.POST, url, { id: created.id }, { method: 'POST', headers: owner, body: { justification: 'pls' } });
    expect(short.status).toBe(422);
    const stranger = await makeUser(prisma);
    const hidden = await call(requestReviewRoute.POST, url, { id: created.id }, { method: 'POST', headers: await sessionHeaders(prisma, stranger.id), body: { justification: 'Signed by our partner key, registered soon.' } });
    expect(hidden.status).toBe(404);
    const justification = 'The image is signed in our partner registry; please review the key exception.';
    const ok = await call(requestReviewRoute.POST, url, { id: created.id }, { method: 'POST', headers: owner, body: { justification } });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('awaiting-review');
    expect(await prisma.submission.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'awaiting_review', justification });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { objectId: created.id, action: 'submission.awaiting-review' } });
    expect(audit).toMatchObject({ actorUserId: vendor.owner.id, before: { status: 'checks-failed' }, after: { status: 'awaiting-review', reason: justification } });
    const again = await call(requestReviewRoute.POST, url, { id: created.id }, { method: 'POST', headers: owner, body: { justification } });
    expect(again.status).toBe(409);
  });

  it('matches a demo advisory in the Debian image; a waiver in the database changes the verdict, an expired one does not', async () => {
    const reference = `docker://${world.repos.debian}:12.1`;
    const first = await settled((await submit('debian', reference)).id);
    expect(first).toMatchObject({ status: 'checks_failed', verdict: 'not_certifiable', baseOsId: 'debian', baseOsVersion: '12' });
    const finding = await prisma.finding.findFirstOrThrow({ where: { submissionId: first.id, advisoryId: 'ASSAY-DEMO-2026-0001' } });
    expect(finding).toMatchObject({ packageName: 'assay', installedVersion: '1.0-1', fixedVersion: '1.0-2', severity: 'high', waiverId: null });
    expect((await checkRows(first.id)).find((r) => r.checkId === 'vulnerabilities.policy')).toMatchObject({ status: 'failed' });

    const reviewer = await makeUser(prisma, { platformRole: 'reviewer' });
    await prisma.waiver.create({
      data: { productId: products.debian.id, kind: 'finding', target: finding.key, reason: 'not_affected', justification: 'expired one', expiresAt: new Date(Date.now() - 3600_000), grantedById: reviewer.id },
    });
    const expired = await settled((await submit('debian', reference)).id);
    expect(expired).toMatchObject({ status: 'checks_failed', verdict: 'not_certifiable' });

    const waiver = await prisma.waiver.create({
      data: { productId: products.debian.id, kind: 'finding', target: finding.key, reason: 'not_affected', justification: 'The library is never loaded', expiresAt: new Date(Date.now() + 30 * 86_400_000), grantedById: reviewer.id },
    });
    const waived = await settled((await submit('debian', reference)).id);
    expect(waived).toMatchObject({ status: 'awaiting_review', verdict: 'certifiable' });
    expect(await prisma.finding.findFirstOrThrow({ where: { submissionId: waived.id, key: finding.key } })).toMatchObject({ waiverId: waiver.id });
  });

  it('judges the next submission by a new policy version after an admin edit', async () => {
    const current = await prisma.policy.findFirstOrThrow({ where: { active: true } });
    const document = { ...(current.document as Record<string, unknown>) };
    const edited = JSON.stringify({ ...document, checks: { ...(document.checks as object), 'hygiene.layer-count': { required: true, maxLayers: 1 } } });
    const v2 = await createPolicyVersion({ actor: await actorOf(prisma, admin.id), sourceIp: null, document: edited });
    expect(v2).toMatchObject({ version: 2, active: true });
    const done = await settled((await submit('signed', `docker://${world.repos.signed}:${TAG}`)).id);
    expect(done).toMatchObject({ status: 'checks_failed', policyId: v2.id });
    expect((await checkRows(done.id)).find((r) => r.checkId === 'hygiene.layer-count')).toMatchObject({ status: 'failed' });
  });
});
