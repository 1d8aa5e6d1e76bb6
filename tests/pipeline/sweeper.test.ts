import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import { db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { CERTIFY_QUEUE, producer, stopProducer } from '../../lib/queue/queue';
import { transitionSubmission } from '../../lib/server/submissions/status-machine';
import { startWorkerPool, type WorkerPool } from '../../lib/pipeline/supervisor';
import { sweepStuckSubmissions } from '../../lib/pipeline/sweeper';
import { notifyExpiringCertifications } from '../../lib/pipeline/expiring-certifications';
import { publishSubmission } from '../../lib/certifications/publish-submission';
import { issueCertification } from '../../lib/certifications/issue-certification';
import { platformKeyring } from '../../lib/platform-keys';
import { makeMembership, makeUser } from '../support/factories';
import { actorOf } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { approvedSubmission } from '../certifications/support';
import { makeSubmissionRow, makeVendor, waitFor } from './support';

// The worker's maintenance round: submissions stuck in `certifying` after their last retry end in
// `error`; certifications about to lapse are announced to the vendor once.

const SYSTEM: Actor = { kind: 'system', label: 'test' };
const DAY = 86_400_000;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-sweeper-'));
let prisma: Db;
let databaseUrl: string;
let vendor: Awaited<ReturnType<typeof makeVendor>>;
let pool: WorkerPool | undefined;
const output: string[] = [];

async function certifying(attempt: number, ageSeconds: number) {
  const row = await makeSubmissionRow(prisma, vendor, 'queued');
  await db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'certifying', actor: SYSTEM }));
  await prisma.$executeRaw`UPDATE submissions SET attempt = ${attempt}, updated_at = now() - make_interval(secs => ${ageSeconds}) WHERE id = ${row.id}`;
  return row.id;
}

/** A certify job for the submission, taken by a (pretend) worker; `fail` ends it for good. */
async function job(submissionId: string, attempt: number, end: 'failed' | 'active') {
  const boss = await producer();
  const id = await boss.send(CERTIFY_QUEUE, { submissionId, attempt }, { retryLimit: 0 });
  const [taken] = await boss.fetch(CERTIFY_QUEUE);
  expect(taken?.id).toBe(id);
  if (end === 'failed') await boss.fail(CERTIFY_QUEUE, taken!.id, { message: 'worker died' });
  const rows = await prisma.$queryRaw<{ state: string }[]>`SELECT state::text AS state FROM pgboss.job WHERE id = ${id}::uuid`;
  expect(rows[0]?.state).toBe(end);
}

const statusOf = async (id: string) => (await prisma.submission.findUniqueOrThrow({ where: { id } })).status;

beforeAll(async () => {
  const database = await useTestDatabase();
  prisma = database.prisma;
  databaseUrl = database.url;
  process.env.ASSAY_DATA_DIR = dataDir;
  process.env.ASSAY_ENCRYPTION_KEY = 'sweeper-test-encryption-key-0123456789abcdef';
  delete process.env.ASSAY_ATTESTATION_REPOSITORY;
  delete process.env.ASSAY_CERTIFICATION_DAYS;
  vendor = await makeVendor(prisma);
}, 60_000);

afterAll(async () => {
  await pool?.stop();
  await stopProducer();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the sweeper', () => {
  // Defaults: 1800 s time limit + 1803 s expiry; two hours is past both.
  const OLD = 7200;

  it('moves stuck submissions to error in the worker and leaves healthy ones alone', async () => {
    const failedJob = await certifying(4, OLD);
    await job(failedJob, 4, 'failed');
    const noJob = await certifying(1, OLD);
    const running = await certifying(2, OLD);
    await job(running, 2, 'active');
    const recent = await certifying(1, 60);

    pool = startWorkerPool({
      count: 1,
      env: { ...process.env, DATABASE_URL: databaseUrl, ASSAY_PIPELINE_MAINTENANCE_SECONDS: '1', ASSAY_QUEUE_POLL_SECONDS: '0.5' },
      onOutput: (line) => output.push(line),
    });
    await waitFor('the sweeper', async () => (await statusOf(failedJob)) === 'error' && (await statusOf(noJob)) === 'error', 30_000);
    // The worker logs after its transaction commits, so the line may trail the status by a moment.
    const line = await waitFor('the sweeper log line', async () => output.find((l) => l.includes('stuck submission(s) to error')), 10_000);
    expect(line).toContain(failedJob);

    const swept = await prisma.submission.findUniqueOrThrow({ where: { id: failedJob } });
    expect(swept.error).toMatch(/every attempt \(4\) ended without a result/);
    expect(swept.finishedAt).not.toBeNull();
    expect(await prisma.submissionEvent.findFirst({ where: { submissionId: failedJob, toStatus: 'error' } })).toMatchObject({ fromStatus: 'certifying', reason: swept.error });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'submission.error', objectId: failedJob } });
    expect(audit).toMatchObject({ actorType: 'system', actorLabel: 'system:worker', before: { status: 'certifying' }, after: { status: 'error', attempt: 4 } });
    expect(await prisma.notification.count({ where: { userId: vendor.owner.id, kind: 'submission.error' } })).toBe(2);

    // Several more rounds later the live job's and the fresh submission are still certifying.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await statusOf(running)).toBe('certifying');
    expect(await statusOf(recent)).toBe('certifying');
  }, 60_000);

  it('writes nothing when the submission moved on meanwhile (fenced by attempt and status)', async () => {
    const id = await certifying(1, 7200);
    await db().$transaction((tx) => transitionSubmission(tx, { submissionId: id, to: 'awaiting-review', actor: SYSTEM }));
    expect((await sweepStuckSubmissions()).moved).not.toContain(id);
    expect(await statusOf(id)).toBe('awaiting_review');
  });
});

describe('expiring certifications', () => {
  it('tells the vendor once when the newest statement of a listing version runs out within 7 days', async () => {
    const member = await makeUser(prisma);
    await makeMembership(prisma, member.id, vendor.organization.id, 'member');
    await platformKeyring();
    const reviewer = (await actorOf(prisma, (await makeUser(prisma, { platformRole: 'reviewer' })).id)) as Actor & { kind: 'user' };
    const s = await approvedSubmission(prisma, vendor, reviewer);
    const { certification } = await publishSubmission(s.submission.id, { actor: reviewer });
    const expiresAt = certification.expiresAt.getTime();
    const expiring = () => prisma.notification.findMany({ where: { kind: 'certification.expiring' } });

    expect((await notifyExpiringCertifications(new Date(expiresAt - 8 * DAY))).notified).toEqual([]);
    const first = await notifyExpiringCertifications(new Date(expiresAt - 6 * DAY));
    expect(first.notified).toEqual([certification.id]);
    const notes = await expiring();
    expect(notes.map((n) => n.userId).sort()).toEqual([vendor.owner.id, member.id].sort());
    expect(notes[0]).toMatchObject({ title: 'App: certification expires in 6 days', link: `/vendors/${vendor.organization.slug}` });
    expect(notes[0]!.body).toContain(s.digest);

    expect((await notifyExpiringCertifications(new Date(expiresAt - 2 * DAY))).notified).toEqual([]);
    expect(await expiring()).toHaveLength(2);

    // A renewed statement supersedes the old one: its own expiry is what counts.
    const versionId = certification.listingVersionId;
    await prisma.certification.update({ where: { id: certification.id }, data: { expiryNotifiedAt: null } });
    const renewed = await issueCertification(versionId, { now: new Date(expiresAt - 3 * DAY) });
    expect((await notifyExpiringCertifications(new Date(expiresAt - 2 * DAY))).notified).toEqual([]);
    expect((await notifyExpiringCertifications(new Date(renewed.certification.expiresAt.getTime() - DAY))).notified).toEqual([renewed.certification.id]);
    expect(await expiring()).toHaveLength(4);
  }, 60_000);
});
