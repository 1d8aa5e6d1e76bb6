import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import { stopProducer } from '../../lib/queue/queue';
import { startWorkerPool, type WorkerPool } from '../../lib/pipeline/supervisor';
import { addSigningKey } from '../../lib/server/signing-keys/add-signing-key';
import { missingTools } from '../../certification/checks/testing/layered-image';
import { startCertifyWorld, TAG, writeDebianAdvisory, type CertifyWorld } from '../../certification/test-support/certify-fixtures';
import { importAdvisoryDatabase } from '../../lib/server/advisories/advisories';
import { makeToken } from '../support/factories';
import { useTestDatabase } from '../support/db';
import { startRouteServer, type RouteServer } from '../support/route-server';
import { makeVendor, waitFor } from '../pipeline/support';
import * as policy from '../../app/api/v1/policy/route';
import * as advisories from '../../app/api/v1/advisories/route';
import * as vendorRoute from '../../app/api/v1/vendors/[vendor]/route';
import * as signingKeys from '../../app/api/v1/vendors/[vendor]/signing-keys/route';
import * as product from '../../app/api/v1/vendors/[vendor]/products/[product]/route';
import * as submissions from '../../app/api/v1/vendors/[vendor]/products/[product]/submissions/route';
import * as submission from '../../app/api/v1/submissions/[id]/route';

// `assay submit` and `assay certify --server` as real child processes, talking HTTP to the app's
// real route handlers (on the test database), a loopback registry holding signed and unsigned
// images, and a real worker process that certifies what was submitted.

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'assay.js');
const missing = missingTools('umoci', 'skopeo', 'docker-registry', 'gpg', 'rpm', 'rpmbuild');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the assay submit tests do not run`);

let prisma: Db;
let world: CertifyWorld;
let server: RouteServer;
let pool: WorkerPool;
let token: string;
let lookaside: { url: string; stop(): Promise<void> };
const output: string[] = [];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-submit-'));

/** The vendor's lookaside signature store, published over HTTP as sigstore lookaside servers are. */
async function startStaticServer(root: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

function assay(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ASSAY_DEBUG: '', NO_COLOR: '', ASSAY_TOKEN: token, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const server$ = () => ['--server', server.url, '--product', 'acme-cli/app', '--tls-verify=false'];

describe.skipIf(missing.length > 0)('assay submit and assay certify --server', () => {
  beforeAll(async () => {
    const database = await useTestDatabase();
    prisma = database.prisma;
    process.env.ASSAY_DATA_DIR = dataDir;
    process.env.ASSAY_ENCRYPTION_KEY = 'submit-test-encryption-key-0123456789abcdef';
    pool = startWorkerPool({
      count: 1,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        ASSAY_QUEUE_MAINTENANCE_SECONDS: '1',
        ASSAY_QUEUE_POLL_SECONDS: '0.5',
        ASSAY_INSECURE_REGISTRIES: '127.0.0.1',
        ASSAY_REGISTRY_ALLOW: '127.0.0.1/32',
      },
      onOutput: (line) => output.push(line),
    });
    world = await startCertifyWorld();
    const vendor = await makeVendor(prisma, 'acme-cli');
    await prisma.product.update({ where: { id: vendor.product.id }, data: { repository: world.repos.signed } });
    lookaside = await startStaticServer(world.lookaside);
    // A file:// store is ignored by the platform (and so by the CLI); the web one is used by both.
    await prisma.organization.update({ where: { id: vendor.organization.id }, data: { lookasideUrls: [`file://${world.lookaside}`, lookaside.url] } });
    await addSigningKey({ actor: vendor.ownerActor, sourceIp: null, slug: 'acme-cli', input: { name: 'cosign', publicKey: readFileSync(world.keyFile, 'utf8') } });
    await addSigningKey({ actor: vendor.ownerActor, sourceIp: null, slug: 'acme-cli', input: { name: 'gpg', publicKey: readFileSync(world.gpgKeyFile, 'utf8') } });
    ({ token } = await makeToken(prisma, {
      organizationId: vendor.organization.id,
      createdById: vendor.owner.id,
      scopes: ['organization.read', 'products.read', 'signing-keys.read', 'submissions.read', 'submissions.write'],
    }));
    server = await startRouteServer({
      '/api/v1/policy': policy,
      '/api/v1/advisories': advisories,
      '/api/v1/vendors/[vendor]': vendorRoute,
      '/api/v1/vendors/[vendor]/signing-keys': signingKeys,
      '/api/v1/vendors/[vendor]/products/[product]': product,
      '/api/v1/vendors/[vendor]/products/[product]/submissions': submissions,
      '/api/v1/submissions/[id]': submission,
    });
    await waitFor('the worker to be ready', async () => output.some((l) => l.endsWith('] ready')), 60_000);
  }, 180_000);

  afterAll(async () => {
    await pool?.stop();
    await stopProducer();
    await server?.stop();
    await world?.stop();
    await lookaside?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 2 with a clear message for a rejected token or a missing one', async () => {
    const bad = await assay(['submit', `docker://${world.repos.signed}:${TAG}`, ...server$()], { ASSAY_TOKEN: 'assay_not-a-real-token' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/HTTP 401.*check ASSAY_TOKEN or --token/);
    const none = await assay(['submit', `docker://${world.repos.signed}:${TAG}`, ...server$()], { ASSAY_TOKEN: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('expected an API token in ASSAY_TOKEN or --token, got none');
  });

  it('refuses to submit an image that is not certifiable locally (exit 1), and --force submits it anyway', async () => {
    const before = await prisma.submission.count();
    const refused = await assay(['submit', `docker://${world.repos.unsigned}:${TAG}`, ...server$()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the platform has no advisory database yet: certifying without vulnerabilities');
    expect(refused.stderr).toMatch(/not certifiable locally \(.*signature\.verified.*\): not submitted/);
    expect(await prisma.submission.count()).toBe(before);

    const forced = await assay(['submit', `docker://${world.repos.unsigned}:${TAG}`, ...server$(), '--force', '--wait', '--poll-seconds', '0.5']);
    expect(forced.stderr).toContain('submitting anyway (--force)');
    // The platform judges it the same way: checks-failed, so --wait exits 1.
    expect(forced.stdout).toMatch(/^checks-failed sha256:/m);
    expect(forced.code).toBe(1);
    expect(await prisma.submission.count()).toBe(before + 1);
  });


  describe("with the platform's advisory database imported", () => {
    beforeAll(async () => {
      const osv = path.join(dataDir, 'osv');
      writeDebianAdvisory(osv, { published: '2026-10-01T00:00:00Z' });
      await importAdvisoryDatabase({ actor: { kind: 'system', label: 'test' }, path: osv, source: 'test' });
    }, 60_000);

    it('certifies a signed reference locally, submits it by reference and --wait follows it to awaiting-review', async () => {
      const r = await assay(['submit', `docker://${world.repos.signed}:${TAG}`, ...server$(), '--wait', '--poll-seconds', '0.5']);
      expect(r.stderr).toContain("with the platform's policy assay-default v1 and 2 vendor key(s)");
      expect(r.stderr).not.toContain('no advisory database yet');
      expect(r.stdout).toMatch(/^Verdict: {2}CERTIFIABLE$/m);
      expect(r.stderr).toMatch(/^assay: (queued|certifying)/m);
      expect(r.code, r.stderr).toBe(0);
      const id = /Submitted (\S+) \(queued\)/.exec(r.stdout)?.[1];
      expect(id).toBeTruthy();
      expect(r.stdout).toContain(`awaiting-review ${world.images.digests.rhel}`);
      const row = await prisma.submission.findUniqueOrThrow({ where: { id: id! } });
      expect(row).toMatchObject({ source: 'registry', reference: `docker://${world.repos.signed}:${TAG}`, status: 'awaiting_review', digest: world.images.digests.rhel });
      expect(server.log).toContain('POST /api/v1/vendors/acme-cli/products/app/submissions');
    });

    it('uploads a docker-archive by streaming it, signed through the lookaside store', async () => {
      const r = await assay(['submit', `docker-archive:${world.images.dockerArchive}`, ...server$(), '--wait', '--poll-seconds', '0.5', '--quiet']);
      expect(r.stderr).toContain('ignoring 1 lookaside location(s) that are not http(s) URLs');
      expect(r.stderr).toContain('uploading rhel.docker.tar');
      const failed = await prisma.checkResult.findMany({ where: { submission: { source: 'archive' }, status: { not: 'passed' } }, select: { checkId: true, status: true, message: true } });
      expect(r.code, `${r.stderr}\n${JSON.stringify(failed)}`).toBe(0);
      const id = r.stdout.trim();
      const row = await prisma.submission.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ source: 'archive', status: 'awaiting_review' });
      expect(row.reference).toContain('rhel.docker.tar');
    });

    it('assay certify --server judges with the platform policy and keys: same verdict and policy digest', async () => {
      const platform = await policy.GET(new Request('http://127.0.0.1/api/v1/policy'), { params: Promise.resolve({}) }).then((res) => res.json() as Promise<{ digest: string }>);
      const signed = await assay(['certify', `docker://${world.repos.signed}:${TAG}`, ...server$(), '--format', 'json']);
      expect(signed.code, signed.stderr).toBe(0);
      const report = JSON.parse(signed.stdout) as { verdict: string; policy: { digest: string }; image: { identity: string } };
      expect(report).toMatchObject({ verdict: 'certifiable', image: { identity: world.repos.signed } });
      expect(report.policy.digest).toBe(platform.digest);
      const unsigned = await assay(['certify', `docker://${world.repos.unsigned}:${TAG}`, ...server$(), '--format', 'json']);
      expect(unsigned.code).toBe(1);
      const both = await assay(['certify', `docker://${world.repos.signed}:${TAG}`, ...server$(), '--key', world.keyFile]);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('expected either --server/--product or local --policy/--key/--gpg-key, got both');
    });
  });
});
