import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import { decryptSecret } from '../../lib/crypto/secret-box';
import { stopProducer } from '../../lib/queue/queue';
import { makeToken, makeUser } from '../support/factories';
import { auditSince, auditText, bearer, call, lastAuditId, sessionHeaders } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { makeVendor } from './support';
import * as products from '../../app/api/v1/vendors/[vendor]/products/route';
import * as product from '../../app/api/v1/vendors/[vendor]/products/[product]/route';
import * as submissions from '../../app/api/v1/vendors/[vendor]/products/[product]/submissions/route';
import * as submission from '../../app/api/v1/submissions/[id]/route';
import * as cancel from '../../app/api/v1/submissions/[id]/cancel/route';
import * as withdraw from '../../app/api/v1/submissions/[id]/withdraw/route';

let prisma: Db;
let acme: Awaited<ReturnType<typeof makeVendor>>;
let globex: Awaited<ReturnType<typeof makeVendor>>;
let acmeOwner: Headers;
let globexOwner: Headers;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-api-'));

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  process.env.ASSAY_DATA_DIR = dataDir;
  process.env.ASSAY_ENCRYPTION_KEY = 'test-encryption-key-material-0123456789';
  acme = await makeVendor(prisma, 'acme-api');
  globex = await makeVendor(prisma, 'globex-api');
  acmeOwner = await sessionHeaders(prisma, acme.owner.id);
  globexOwner = await sessionHeaders(prisma, globex.owner.id);
});

afterAll(async () => {
  await stopProducer();
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.ASSAY_MAX_UPLOAD_BYTES;
});

const base = '/api/v1/vendors';

describe('products API', () => {
  it('creates, lists, reads and updates a product, auditing each change', async () => {
    const since = await lastAuditId(prisma);
    const created = await call(products.POST, `${base}/acme-api/products`, { vendor: 'acme-api' }, {
      method: 'POST',
      headers: acmeOwner,
      body: { name: 'Web Server', slug: 'web-server', repository: 'registry.example.com/acme/web', categories: 'web, Servers', supportUrl: 'https://acme.example/support' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'web-server', categories: ['web', 'servers'], repository: 'registry.example.com/acme/web' });

    const list = await call(products.GET, `${base}/acme-api/products?pageSize=10`, { vendor: 'acme-api' }, { headers: acmeOwner });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { slug: string }) => p.slug)).toContain('web-server');
    expect(list.body).toMatchObject({ page: 1, pageSize: 10, total: 2 });

    const patched = await call(product.PATCH, `${base}/acme-api/products/web-server`, { vendor: 'acme-api', product: 'web-server' }, {
      method: 'PATCH',
      headers: acmeOwner,
      body: { description: 'Serves the web' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.description).toBe('Serves the web');
    const events = await auditSince(prisma, since);
    expect(events.map((e) => e.action)).toEqual(['product.create', 'product.update']);
  });

  it('answers 409 for a taken slug and 422 naming the field for bad input', async () => {
    const dup = await call(products.POST, `${base}/acme-api/products`, { vendor: 'acme-api' }, { method: 'POST', headers: acmeOwner, body: { name: 'App again', slug: 'app', repository: 'r.example.com/a/b' } });
    expect(dup.status).toBe(409);
    const bad = await call(products.POST, `${base}/acme-api/products`, { vendor: 'acme-api' }, { method: 'POST', headers: acmeOwner, body: { name: 'X1', slug: 'x1', repository: 'Not A Repo:tag' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.issues[0].field).toBe('repository');
  });
});

describe('submissions API', () => {
  it('lets a token with submissions.write submit by reference; credentials are encrypted and never shown', async () => {
    const token = await makeToken(prisma, { organizationId: acme.organization.id, createdById: acme.owner.id, scopes: ['submissions.write', 'submissions.read'] });
    const since = await lastAuditId(prisma);
    const res = await call(submissions.POST, `${base}/acme-api/products/app/submissions`, { vendor: 'acme-api', product: 'app' }, {
      method: 'POST',
      headers: bearer(token.token),
      body: { reference: 'registry.example.com/acme/app:1.0', credentials: { username: 'isv', password: 's3cret-pull-token' } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'queued', source: 'registry', reference: 'docker://registry.example.com/acme/app:1.0', hasCredentials: true });
    expect(JSON.stringify(res.body)).not.toContain('s3cret');
    const row = await prisma.submission.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.credentialsEncrypted).not.toContain('s3cret');
    expect(JSON.parse(decryptSecret(row.credentialsEncrypted!, { context: `submission:${row.id}:registry-credentials` }))).toEqual({ username: 'isv', password: 's3cret-pull-token' });
    expect(auditText(await auditSince(prisma, since))).not.toContain('s3cret');
    const jobs = await prisma.$queryRaw<{ data: { submissionId: string } }[]>`SELECT data FROM pgboss.job WHERE name = 'certify'`;
    expect(jobs.map((j) => j.data.submissionId)).toContain(row.id);

    const got = await call(submission.GET, `/api/v1/submissions/${row.id}`, { id: row.id }, { headers: bearer(token.token) });
    expect(got.status).toBe(200);
    expect(got.body.history).toEqual([expect.objectContaining({ from: null, to: 'queued', by: expect.stringContaining('API token') })]);
  });

  it('refuses references the server must not read, naming the field', async () => {
    for (const reference of ['oci:/etc:latest', 'docker-archive:/etc/passwd', 'docker://Bad Name/x']) {
      const res = await call(submissions.POST, `${base}/acme-api/products/app/submissions`, { vendor: 'acme-api', product: 'app' }, { method: 'POST', headers: acmeOwner, body: { reference } });
      expect(res.status, reference).toBe(422);
      expect(res.body.error.details.issues[0].field).toBe('reference');
    }
  });

  it('reads a bare HOST:PORT/NAME:TAG as a docker:// reference', async () => {
    const res = await call(submissions.POST, `${base}/acme-api/products/app/submissions`, { vendor: 'acme-api', product: 'app' }, { method: 'POST', headers: acmeOwner, body: { reference: 'localhost:5000/acme/app:1' } });
    expect(res.status).toBe(201);
    expect(res.body.reference).toBe('docker://localhost:5000/acme/app:1');
  });

  it('refuses a token without submissions.write (403) and another vendor’s token (404)', async () => {
    const readOnly = await makeToken(prisma, { organizationId: acme.organization.id, createdById: acme.owner.id, scopes: ['organization.read', 'products.read'] });
    const res = await call(submissions.POST, `${base}/acme-api/products/app/submissions`, { vendor: 'acme-api', product: 'app' }, { method: 'POST', headers: bearer(readOnly.token), body: { reference: 'registry.example.com/a/b:1' } });
    expect(res.status).toBe(403);
    const other = await makeToken(prisma, { organizationId: globex.organization.id, createdById: globex.owner.id, scopes: ['submissions.write', 'products.read', 'products.write'] });
    const cross = await call(submissions.POST, `${base}/acme-api/products/app/submissions`, { vendor: 'acme-api', product: 'app' }, { method: 'POST', headers: bearer(other.token), body: { reference: 'registry.example.com/a/b:1' } });
    expect(cross.status).toBe(404);
  });

  it('hides one vendor’s products and submissions from another (404 everywhere)', async () => {
    const created = await call(submissions.POST, `${base}/acme-api/products/app/submissions`, { vendor: 'acme-api', product: 'app' }, { method: 'POST', headers: acmeOwner, body: { reference: 'registry.example.com/acme/app:2' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const stranger = await sessionHeaders(prisma, (await makeUser(prisma)).id);
    for (const headers of [globexOwner, stranger, new Headers()]) {
      expect((await call(products.GET, `${base}/acme-api/products`, { vendor: 'acme-api' }, { headers })).status).toBe(404);
      expect((await call(product.GET, `${base}/acme-api/products/app`, { vendor: 'acme-api', product: 'app' }, { headers })).status).toBe(404);
      expect((await call(product.PATCH, `${base}/acme-api/products/app`, { vendor: 'acme-api', product: 'app' }, { method: 'PATCH', headers, body: { name: 'Pwned' } })).status).toBe(404);
      expect((await call(submissions.GET, `${base}/acme-api/products/app/submissions`, { vendor: 'acme-api', product: 'app' }, { headers })).status).toBe(404);
      expect((await call(submission.GET, `/api/v1/submissions/${id}`, { id }, { headers })).status).toBe(404);
      expect((await call(cancel.POST, `/api/v1/submissions/${id}/cancel`, { id }, { method: 'POST', headers })).status).toBe(404);
    }
    expect((await prisma.product.findFirstOrThrow({ where: { organizationId: acme.organization.id, slug: 'app' } })).name).toBe('App');
  });

  it('cancels a queued submission, then refuses to withdraw it (final) with 409', async () => {
    const created = await call(submissions.POST, `${base}/acme-api/products/app/submissions`, { vendor: 'acme-api', product: 'app' }, { method: 'POST', headers: acmeOwner, body: { reference: 'registry.example.com/acme/app:3' } });
    const id = created.body.id as string;
    const cancelled = await call(cancel.POST, `/api/v1/submissions/${id}/cancel`, { id }, { method: 'POST', headers: acmeOwner, body: { reason: 'wrong tag' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', final: true });
    const again = await call(withdraw.POST, `/api/v1/submissions/${id}/withdraw`, { id }, { method: 'POST', headers: acmeOwner });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('cancelled cannot become withdrawn');
  });
});

describe('archive uploads', () => {
  const url = `${base}/acme-api/products/app/submissions`;
  const params = { vendor: 'acme-api', product: 'app' };
  const storedFiles = () => {
    const dirs = [path.join(dataDir, 'storage', 'uploads', acme.organization.id), path.join(dataDir, 'storage', '.tmp')];
    return dirs.flatMap((d) => (existsSync(d) ? readdirSync(d) : []));
  };
  async function upload(body: BodyInit, headers: Record<string, string>, query = '') {
    const h = new Headers(acmeOwner);
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    const res = await submissions.POST(new Request(`http://localhost${url}${query}`, { method: 'POST', headers: h, body, duplex: 'half' } as RequestInit), { params: Promise.resolve(params) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  function slowStream(chunks: number, size: number): ReadableStream<Uint8Array> {
    let sent = 0;
    return new ReadableStream({
      pull(controller) {
        if (sent++ >= chunks) return controller.close();
        controller.enqueue(new Uint8Array(size).fill(sent));
      },
    });
  }

  it('stores a raw tar body and queues it as an archive submission', async () => {
    process.env.ASSAY_MAX_UPLOAD_BYTES = String(64 * 1024);
    const before = storedFiles().length;
    const res = await upload(slowStream(4, 4096), { 'content-type': 'application/x-tar' }, '?format=oci-archive&filename=app.tar');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'archive', reference: 'oci-archive:app.tar', status: 'queued' });
    expect(storedFiles().length).toBe(before + 1);
  });

  it('takes multipart/form-data with the file in the field "archive"', async () => {
    const form = new FormData();
    form.set('format', 'docker-archive');
    form.set('archive', new Blob([new Uint8Array(2048).fill(7)]), 'image.docker.tar');
    const res = await upload(form, {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'archive', reference: 'docker-archive:image.docker.tar' });
  });

  it('answers 413 for a streamed body over ASSAY_MAX_UPLOAD_BYTES and leaves nothing behind', async () => {
    process.env.ASSAY_MAX_UPLOAD_BYTES = String(16 * 1024);
    const before = storedFiles();
    const count = await prisma.submission.count();
    const res = await upload(slowStream(40, 1024), { 'content-type': 'application/octet-stream' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(storedFiles()).toEqual(before);
    expect(await prisma.submission.count()).toBe(count);
  });

  it('answers 413 at once when Content-Length already says too much', async () => {
    process.env.ASSAY_MAX_UPLOAD_BYTES = String(1024);
    const res = await upload(new Uint8Array(4096), { 'content-type': 'application/x-tar', 'content-length': '4096' });
    expect(res.status).toBe(413);
  });

  it('answers 413 for an oversized multipart upload too', async () => {
    process.env.ASSAY_MAX_UPLOAD_BYTES = String(8 * 1024);
    const before = storedFiles();
    const form = new FormData();
    form.set('archive', new Blob([new Uint8Array(200 * 1024)]), 'big.tar');
    const res = await upload(form, {});
    expect(res.status).toBe(413);
    expect(storedFiles()).toEqual(before);
  });
});
