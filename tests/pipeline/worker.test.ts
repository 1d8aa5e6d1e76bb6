import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import { stopProducer } from '../../lib/queue/queue';
import { startWorkerPool, type WorkerPool } from '../../lib/pipeline/supervisor';
import { createReferenceSubmission, createArchiveSubmission } from '../../lib/server/submissions/create-submission';
import { cancelSubmission } from '../../lib/server/submissions/cancel-submission';
import { forward, startRegistry, startServer, startSilentServer, type RunningRegistry, type RunningServer } from '../../certification/test-support/registry';
import { imageFixtures, pushToRegistry, type ImageFixtures } from '../../certification/test-support/images';
import { call } from '../support/accounts';
import { sessionHeaders } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { makeVendor, waitFor } from './support';
import * as report from '../../app/api/v1/submissions/[id]/report/route';

// Real parts end to end: a loopback docker-registry holding a real image, a proxy that can stall
// layer downloads, and real worker processes spawned the way the server spawns them.

let prisma: Db;
let vendor: Awaited<ReturnType<typeof makeVendor>>;
let registry: RunningRegistry;
let silent: RunningServer;
let proxy: RunningServer;
let fixtures: ImageFixtures;
let pool: WorkerPool;
let stallLayers = false;
const output: { line: string; pid: number | undefined }[] = [];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-worker-'));
const TIMEOUT_SECONDS = 3;

beforeAll(async () => {
  const db = await useTestDatabase();
  prisma = db.prisma;
  process.env.ASSAY_DATA_DIR = dataDir;
  process.env.ASSAY_ENCRYPTION_KEY = 'worker-test-encryption-key-0123456789abcdef';
  process.env.ASSAY_JOB_TIMEOUT_SECONDS = String(TIMEOUT_SECONDS);
  process.env.ASSAY_JOB_RETRY_DELAY_SECONDS = '1';
  // Workers boot (a few seconds) while the registry starts and the image is pushed.
  pool = startWorkerPool({
    count: 2,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      ASSAY_QUEUE_MAINTENANCE_SECONDS: '1',
      ASSAY_QUEUE_POLL_SECONDS: '0.5',
      ASSAY_INSECURE_REGISTRIES: '127.0.0.1',
      ASSAY_REGISTRY_ALLOW: '127.0.0.1/32',
    },
    onOutput: (line, w) => output.push({ line, pid: w.pid }),
  });
  vendor = await makeVendor(prisma, 'acme-worker');
  fixtures = imageFixtures();
  registry = await startRegistry();
  pushToRegistry(fixtures.layout, 'base', `docker://${registry.host}/acme/app:1.0`);
  const layers = new Set(layerDigests(fixtures.layout, 'base'));
  // Stalls layer blobs (never answers) while stallLayers is set; everything else passes through.
  proxy = await startServer((req, res) => {
    const digest = /\/blobs\/(sha256:[a-f0-9]{64})$/.exec(req.url ?? '')?.[1];
    if (stallLayers && digest && layers.has(digest)) return;
    forward(req, res, registry.host);
  });
  silent = await startSilentServer();
  await waitFor('two workers ready', async () => output.filter((o) => o.line.endsWith('] ready')).length >= 2, 60_000);
});

afterAll(async () => {
  await pool?.stop();
  await stopProducer();
  await Promise.all([registry?.stop(), proxy?.stop(), silent?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
  for (const k of ['ASSAY_JOB_TIMEOUT_SECONDS', 'ASSAY_JOB_RETRY_DELAY_SECONDS']) delete process.env[k];
});

function layerDigests(layout: string, tag: string): string[] {
  const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const entry = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)!;
  const manifest = JSON.parse(readFileSync(path.join(layout, 'blobs', 'sha256', entry.digest.slice(7)), 'utf8')) as { layers: { digest: string }[] };
  return manifest.layers.map((l) => l.digest);
}

const submit = (reference: string, extra: Record<string, unknown> = {}) =>
  createReferenceSubmission({ actor: vendor.ownerActor, sourceIp: '127.0.0.1', vendor: 'acme-worker', product: 'app', input: { reference, ...extra } });

const upload = (file: string | Buffer, filename: string) =>
  createArchiveSubmission({
    actor: vendor.ownerActor,
    sourceIp: '127.0.0.1',
    vendor: 'acme-worker',
    product: 'app',
    body: typeof file === 'string' ? createReadStream(file) : Readable.from([file]),
    declaredBytes: typeof file === 'string' ? statSync(file).size : file.length,
    input: { filename },
  });

async function settled(id: string, timeoutMs = 30_000) {
  return waitFor(
    `submission ${id} to finish`,
    async () => {
      const s = await prisma.submission.findUniqueOrThrow({ where: { id } });
      return ['queued', 'certifying'].includes(s.status) ? null : s;
    },
    timeoutMs,
  );
}

const statusHistory = async (id: string) =>
  (await prisma.submissionEvent.findMany({ where: { submissionId: id }, orderBy: { createdAt: 'asc' } })).map((e) => e.toStatus);

describe('the certify pipeline with real workers', () => {
  it('takes an unsigned registry submission through the engine to checks-failed and stores the digest, report and SBOMs', async () => {
    const created = await submit(`docker://${registry.host}/acme/app:1.0`);
    const done = await settled(created.id);
    expect(done).toMatchObject({ status: 'checks_failed', verdict: 'not_certifiable', digest: fixtures.digests.base, platform: 'linux/amd64', attempt: 1, baseOsId: 'assaylinux', baseOsVersion: '9.4', error: null });
    expect(await statusHistory(created.id)).toEqual(['queued', 'certifying', 'checks_failed']);
    expect(done.progress).toMatchObject({ stage: 'done', layersRead: 2, layersTotal: 2 });
    const res = await call(report.GET, `/api/v1/submissions/${created.id}/report`, { id: created.id }, { headers: await sessionHeaders(prisma, vendor.owner.id) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemaVersion: 1, verdict: 'not-certifiable', image: { digest: fixtures.digests.base, layers: 2 }, baseOs: { id: 'assaylinux', versionId: '9.4' } });
    expect(readdirSync(path.join(dataDir, 'storage', 'reports', created.id)).sort()).toEqual(['attempt-1.cyclonedx.json', 'attempt-1.json', 'attempt-1.spdx.json']);
  });

  it('certifies an uploaded oci-archive, detecting its format', async () => {
    const created = await upload(fixtures.ociArchive, 'base.oci.tar');
    const done = await settled(created.id);
    expect(done).toMatchObject({ status: 'checks_failed', digest: fixtures.digests.base });
  });

  it('ends an upload that is not an image in error, with a clear message and no platform paths', async () => {
    const created = await upload(Buffer.from('this is a text file, not a container image\n'.repeat(40)), 'notes.txt');
    const done = await settled(created.id);
    expect(done.status).toBe('error');
    expect(done.error).toMatch(/notes\.txt: expected a valid tar header checksum at offset 0/);
    expect(done.error).not.toContain(dataDir);
    expect(await statusHistory(created.id)).toEqual(['queued', 'certifying', 'error']);
  });

  it('stops a registry that never answers at the time limit and records error', async () => {
    const started = Date.now();
    const created = await submit(`docker://${silent.host}/acme/app:1.0`);
    const done = await settled(created.id);
    expect(done.status).toBe('error');
    expect(done.error).toBe(`Certification exceeded its time limit of ${TIMEOUT_SECONDS} s and was stopped.`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_SECONDS * 1000 + 8000);
  });

  it('aborts the engine when the vendor cancels a running submission', async () => {
    stallLayers = true;
    try {
      const created = await submit(`docker://${proxy.host}/acme/app:1.0`);
      await waitFor('layers stage', async () => ((await prisma.submission.findUniqueOrThrow({ where: { id: created.id } })).progress as { stage?: string } | null)?.stage === 'reading-layers');
      await cancelSubmission({ actor: vendor.ownerActor, sourceIp: null, id: created.id, input: { reason: 'pushed the wrong tag' } });
      await waitFor('the worker to stop the engine', async () => output.some((o) => o.line.includes(`submission ${created.id} attempt 1: cancelled, engine stopped`)), 10_000);
      const row = await prisma.submission.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.status).toBe('cancelled');
      expect(row.reportKey).toBeNull();
      expect(await statusHistory(created.id)).toEqual(['queued', 'certifying', 'cancelled']);
    } finally {
      stallLayers = false;
    }
  });

  it('retries a job whose worker was killed (kill -9) after expiry and writes exactly one result', async () => {
    stallLayers = true;
    const created = await submit(`docker://${proxy.host}/acme/app:1.0`);
    const claim = await waitFor('a worker to claim the job', async () => output.find((o) => o.line.includes(`submission ${created.id} (try 1/`)));
    await waitFor('layers stage', async () => ((await prisma.submission.findUniqueOrThrow({ where: { id: created.id } })).progress as { stage?: string } | null)?.stage === 'reading-layers');
    process.kill(claim.pid!, 'SIGKILL');
    stallLayers = false;
    const done = await settled(created.id, 40_000);
    expect(done).toMatchObject({ status: 'checks_failed', attempt: 2, digest: fixtures.digests.base });
    expect(await statusHistory(created.id)).toEqual(['queued', 'certifying', 'checks_failed']);
    expect(readdirSync(path.join(dataDir, 'storage', 'reports', created.id)).sort()).toEqual(['attempt-2.cyclonedx.json', 'attempt-2.json', 'attempt-2.spdx.json']);
    const audits = await prisma.auditEvent.findMany({ where: { objectId: created.id }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['submission.create', 'submission.certifying', 'submission.retry', 'submission.checks-failed']);
    // The supervisor restarted the killed worker.
    await waitFor('the killed worker to be replaced', async () => pool.children().length === 2 && !pool.children().some((c) => c.pid === claim.pid), 15_000);
  });

  it('discards the late result of a worker presumed dead (SIGSTOP past expiry, then SIGCONT)', async () => {
    stallLayers = true;
    const created = await submit(`docker://${proxy.host}/acme/app:1.0`);
    const claim = await waitFor('a worker to claim the job', async () => output.find((o) => o.line.includes(`submission ${created.id} (try 1/`)));
    await waitFor('layers stage', async () => ((await prisma.submission.findUniqueOrThrow({ where: { id: created.id } })).progress as { stage?: string } | null)?.stage === 'reading-layers');
    process.kill(claim.pid!, 'SIGSTOP');
    stallLayers = false;
    try {
      const done = await settled(created.id, 40_000);
      expect(done).toMatchObject({ status: 'checks_failed', attempt: 2 });
    } finally {
      process.kill(claim.pid!, 'SIGCONT');
    }
    await waitFor('the old worker to give up', async () => output.some((o) => o.pid === claim.pid && o.line.includes(`submission ${created.id} attempt 1:`)), 15_000);
    const late = output.find((o) => o.pid === claim.pid && o.line.includes(`submission ${created.id} attempt 1:`))!;
    expect(late.line).toMatch(/superseded|stale, not written/);
    const row = await prisma.submission.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ status: 'checks_failed', attempt: 2, error: null });
    expect(await statusHistory(created.id)).toEqual(['queued', 'certifying', 'checks_failed']);
    expect(existsSync(path.join(dataDir, 'storage', 'reports', created.id, 'attempt-1.json'))).toBe(false);
  });
});
