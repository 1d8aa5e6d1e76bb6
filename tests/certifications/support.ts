import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Db } from '../../lib/db/client';
import { db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { storage } from '../../lib/storage';
import { transitionSubmission } from '../../lib/server/submissions/status-machine';
import * as keysRoute from '../../app/.well-known/assay/keys.json/route';
import * as statusRoute from '../../app/api/v1/certifications/[digest]/route';
import * as statementRoute from '../../app/api/v1/certifications/[digest]/statement/route';
import { makeSubmissionRow } from '../pipeline/support';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SYSTEM: Actor = { kind: 'system', label: 'test' };

export const randomDigest = () => `sha256:${createHash('sha256').update(randomBytes(16)).digest('hex')}`;

/** A certify-format report as the worker will store it once the engine's certify() runs there. */
export function certifyReport(digest: string) {
  return {
    schemaVersion: 1,
    verdict: 'certifiable',
    policy: { name: 'assay-default', version: '3', digest: `sha256:${'c'.repeat(64)}` },
    image: { digest, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, tags: ['1.0', 'latest'] },
    checks: [
      { id: 'security.non-root-user', status: 'passed' },
      { id: 'security.setuid-files', status: 'failed', waiver: { reason: 'mitigated' } },
    ],
    signatures: [{ kind: 'cosign', verified: true, keyId: 'abc' }],
    vulnerabilities: { grade: 'B', counts: {}, findings: [] },
    packages: [{ name: 'openssl' }, { name: 'bash' }, { name: 'openssl' }],
  };
}

/**
 * A submission that went queued → certifying → awaiting-review → approved through the status
 * machine, with its report in storage, check results (one waived), a policy and an approving review.
 */
export async function approvedSubmission(
  prisma: Db,
  vendor: { organization: { id: string }; product: { id: string } },
  reviewer: Actor & { kind: 'user' },
  opts: { digest?: string; withRows?: boolean } = {},
) {
  const digest = opts.digest ?? randomDigest();
  const row = await makeSubmissionRow(prisma, vendor, 'queued');
  const reportKey = `reports/${row.id}/attempt-1.json`;
  await storage().put(reportKey, JSON.stringify(certifyReport(digest)));
  const policy = await prisma.policy.upsert({
    where: { name_version: { name: 'assay-default', version: 7 } },
    create: { name: 'assay-default', version: 7, document: {}, digest: `sha256:${'d'.repeat(64)}`, active: true },
    update: {},
  });
  await db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'certifying', actor: SYSTEM }));
  await db().$transaction((tx) =>
    transitionSubmission(tx, {
      submissionId: row.id,
      to: 'awaiting-review',
      actor: SYSTEM,
      data: { digest, reportKey, platform: 'linux/arm64/v8', grade: 'B', verdict: 'certifiable', policyId: policy.id, baseOsId: 'debian', baseOsVersion: '12' },
    }),
  );
  if (opts.withRows !== false) {
    const waiver = await prisma.waiver.create({
      data: {
        productId: vendor.product.id,
        kind: 'check',
        target: 'security.setuid-files',
        reason: 'mitigated',
        justification: 'setuid binary is removed at runtime',
        expiresAt: new Date(Date.now() + 90 * 86_400_000),
        grantedById: reviewer.userId,
      },
    });
    await prisma.checkResult.createMany({
      data: [
        { submissionId: row.id, checkId: 'security.non-root-user', title: 'Non-root', status: 'passed', required: true, message: 'ok' },
        { submissionId: row.id, checkId: 'security.setuid-files', title: 'Setuid', status: 'failed', required: true, message: '1 file', waiverId: waiver.id },
      ],
    });
  }
  await prisma.review.create({ data: { submissionId: row.id, reviewerId: reviewer.userId, decision: 'approved', reason: 'looks good' } });
  await db().$transaction((tx) => transitionSubmission(tx, { submissionId: row.id, to: 'approved', actor: reviewer, reason: 'looks good' }));
  return { submission: row, digest, reportKey };
}

/** The three public routes behind a real HTTP server, as `next start` would serve them. */
export async function startCertificationServer(): Promise<{ url: string; requests: string[]; stop(): Promise<void> }> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request = new Request(url, { headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])) });
    let response: Response;
    const m = /^\/api\/v1\/certifications\/([^/]+)(\/statement)?$/.exec(url.pathname);
    if (url.pathname === '/.well-known/assay/keys.json') response = await keysRoute.GET(request, { params: Promise.resolve({}) });
    else if (m && m[2]) response = await statementRoute.GET(request, { params: Promise.resolve({ digest: m[1]! }) });
    else if (m) response = await statusRoute.GET(request, { params: Promise.resolve({ digest: m[1]! }) });
    else response = new Response('not found', { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Runs the real command line (`node bin/assay.js …`) as a child process. */
export function assay(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/assay.js', ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
