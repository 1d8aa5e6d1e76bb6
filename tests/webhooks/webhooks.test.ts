import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import { stopProducer } from '../../lib/queue/queue';
import { startWorkerPool, type WorkerPool } from '../../lib/pipeline/supervisor';
import { transitionSubmission } from '../../lib/server/submissions/status-machine';
import { db } from '../../lib/db/client';
import { makeMembership, makeUser } from '../support/factories';
import { actorOf, call, sessionHeaders } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { makeSubmissionRow, makeVendor, waitFor } from '../pipeline/support';
import * as hooks from '../../app/api/v1/vendors/[vendor]/webhooks/route';
import * as hook from '../../app/api/v1/vendors/[vendor]/webhooks/[id]/route';
import * as test from '../../app/api/v1/vendors/[vendor]/webhooks/[id]/test/route';
import * as deliveries from '../../app/api/v1/vendors/[vendor]/webhooks/deliveries/route';

// Real parts: route handlers on the test database, a real worker process delivering through
// pg-boss, and a real HTTP receiver on loopback that checks nothing itself — the test does.

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let prisma: Db;
let vendor: Awaited<ReturnType<typeof makeVendor>>;
let owner: Headers;
let pool: WorkerPool;
let receiver: http.Server;
let base = '';
const received: Received[] = [];
// Per path: how many requests to fail with 500 before answering 204.
const failFirst = new Map<string, number>();
const output: string[] = [];

beforeAll(async () => {
  const database = await useTestDatabase();
  prisma = database.prisma;
  process.env.ASSAY_ENCRYPTION_KEY = 'webhook-test-encryption-key-0123456789abcdef';
  process.env.ASSAY_WEBHOOK_RETRY_DELAY_SECONDS = '1';
  pool = startWorkerPool({
    count: 1,
    env: { ...process.env, DATABASE_URL: database.url, ASSAY_QUEUE_MAINTENANCE_SECONDS: '1', ASSAY_QUEUE_POLL_SECONDS: '0.5', ASSAY_WEBHOOK_ALLOW: '127.0.0.1/32' },
    onOutput: (line) => output.push(line),
  });
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const left = failFirst.get(path) ?? 0;
      if (left > 0) {
        failFirst.set(path, left - 1);
        res.writeHead(500).end('try again');
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  vendor = await makeVendor(prisma, 'acme-hooks');
  owner = await sessionHeaders(prisma, vendor.owner.id);
  await waitFor('the worker to be ready', async () => output.some((l) => l.endsWith('] ready')), 60_000);
}, 90_000);

afterAll(async () => {
  await pool?.stop();
  await stopProducer();
  await new Promise((r) => receiver?.close(r));
  delete process.env.ASSAY_WEBHOOK_RETRY_DELAY_SECONDS;
});

/** The signature computed here from its definition, not with the platform's code. */
function expectSigned(r: Received, secret: string) {
  const header = String(r.headers['assay-signature']);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(m, `signature header ${header}`).not.toBeNull();
  const expected = createHmac('sha256', secret).update(`${m![1]}.${r.body}`).digest('hex');
  expect(m![2]).toBe(expected);
  expect(Math.abs(Date.now() / 1000 - Number(m![1]))).toBeLessThan(60);
}

async function createHook(path: string, events?: string[]) {
  const res = await call(hooks.POST, '/api/v1/vendors/acme-hooks/webhooks', { vendor: 'acme-hooks' }, { method: 'POST', headers: owner, body: { url: `${base}${path}`, ...(events ? { events } : {}) } });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string; url: string };
}

const forPath = (path: string) => received.filter((r) => r.path === path);

describe('organization webhooks', () => {
  it('shows the secret once, stores it encrypted, and never returns it again', async () => {
    const created = await createHook('/once');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.webhook.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretEncrypted).not.toContain(created.secret);
    expect(row.secretEncrypted.startsWith('v1.')).toBe(true);
    const list = await call(hooks.GET, '/api/v1/vendors/acme-hooks/webhooks', { vendor: 'acme-hooks' }, { headers: owner });
    expect(list.status).toBe(200);
    expect(list.body.items.map((h: { id: string }) => h.id)).toContain(created.id);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(row.secretEncrypted);
    expect(text).not.toMatch(/secret/i);
    const audit = await prisma.auditEvent.findFirst({ where: { objectId: created.id, action: 'webhook.create' } });
    expect(audit).not.toBeNull();
    expect(JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(created.secret);
  });

  it('rejects a URL that is not http(s), naming the field', async () => {
    const res = await call(hooks.POST, '/api/v1/vendors/acme-hooks/webhooks', { vendor: 'acme-hooks' }, { method: 'POST', headers: owner, body: { url: 'ftp://example.com/x' } });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.error.details)).toContain('url');
  });

  it('sends a signed CloudEvent on "send test" and logs the delivery', async () => {
    const created = await createHook('/test');
    const res = await call(test.POST, `/api/v1/vendors/acme-hooks/webhooks/${created.id}/test`, { vendor: 'acme-hooks', id: created.id }, { method: 'POST', headers: owner });
    expect(res.status).toBe(202);
    const [r] = await waitFor('the test delivery', async () => (forPath('/test').length ? forPath('/test') : null));
    expect(r!.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expectSigned(r!, created.secret);
    const event = JSON.parse(r!.body);
    expect(event).toMatchObject({ specversion: '1.0', type: 'dev.assay.webhook.test', datacontenttype: 'application/json', data: { vendor: 'acme-hooks' } });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(event.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const log = await waitFor('the log to say delivered', async () => {
      const l = await call(deliveries.GET, `/api/v1/vendors/acme-hooks/webhooks/deliveries?webhook=${created.id}`, { vendor: 'acme-hooks' }, { headers: owner });
      return l.body.items[0]?.state === 'delivered' ? l.body.items : null;
    });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: res.body.deliveryId, eventType: 'dev.assay.webhook.test', attempts: 1, responseStatus: 204, error: null });
    // A tampered body fails the same check.
    expect(createHmac('sha256', created.secret).update(`${/t=(\d+)/.exec(String(r!.headers['assay-signature']))![1]}.${r!.body} `).digest('hex')).not.toBe(
      /v1=([0-9a-f]+)/.exec(String(r!.headers['assay-signature']))![1],
    );
  });

  it('retries after a 500 with backoff and then succeeds, logging both attempts', async () => {
    const created = await createHook('/flaky');
    failFirst.set('/flaky', 1);
    const res = await call(test.POST, `/api/v1/vendors/acme-hooks/webhooks/${created.id}/test`, { vendor: 'acme-hooks', id: created.id }, { method: 'POST', headers: owner });
    expect(res.status).toBe(202);
    const failed = await waitFor('the failed first attempt in the log', async () => {
      const d = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: res.body.deliveryId } });
      return d.attempts === 1 ? d : null;
    });
    expect(failed).toMatchObject({ responseStatus: 500, deliveredAt: null });
    expect(failed.error).toBe('The endpoint answered HTTP 500; expected 2xx.');
    expect(failed.nextAttemptAt).not.toBeNull();
    const done = await waitFor('the retry to succeed', async () => {
      const d = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: res.body.deliveryId } });
      return d.deliveredAt ? d : null;
    }, 30_000);
    expect(done).toMatchObject({ attempts: 2, responseStatus: 204, error: null, nextAttemptAt: null });
    const sent = forPath('/flaky');
    expect(sent).toHaveLength(2);
    // The same event both times (receivers deduplicate by id), each send signed afresh.
    expect(JSON.parse(sent[1]!.body).id).toBe(JSON.parse(sent[0]!.body).id);
    for (const r of sent) expectSigned(r, created.secret);
  });

  it('refuses internal addresses that are not allow-listed, without retrying', async () => {
    // 127.0.0.2 is loopback too, but only 127.0.0.1/32 is allow-listed for this worker.
    const res = await call(hooks.POST, '/api/v1/vendors/acme-hooks/webhooks', { vendor: 'acme-hooks' }, { method: 'POST', headers: owner, body: { url: 'http://127.0.0.2:9/internal' } });
    expect(res.status).toBe(201);
    const sent = await call(test.POST, `/api/v1/vendors/acme-hooks/webhooks/${res.body.id}/test`, { vendor: 'acme-hooks', id: res.body.id }, { method: 'POST', headers: owner });
    const d = await waitFor('the refused attempt', async () => {
      const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: sent.body.deliveryId } });
      return row.attempts > 0 ? row : null;
    });
    expect(d).toMatchObject({ attempts: 1, responseStatus: null, deliveredAt: null, nextAttemptAt: null });
    expect(d.error).toMatch(/^Not sent: refusing to connect to 127\.0\.0\.2 \(127\.0\.0\.2\): expected a public address, got a loopback one/);
    await call(hook.DELETE, `/api/v1/vendors/acme-hooks/webhooks/${res.body.id}`, { vendor: 'acme-hooks', id: res.body.id }, { method: 'DELETE', headers: owner });
  });

  it('emits submission status changes from the status machine, honouring event filters', async () => {
    const all = await createHook('/all');
    const onlyReview = await createHook('/only-review', ['dev.assay.submission.awaiting-review']);
    const submission = await makeSubmissionRow(prisma, vendor, 'queued');
    await db().$transaction((tx) => transitionSubmission(tx, { submissionId: submission.id, to: 'cancelled', actor: vendor.ownerActor, reason: 'wrong tag' }));
    const [r] = await waitFor('the cancelled event', async () => (forPath('/all').length ? forPath('/all') : null));
    expectSigned(r!, all.secret);
    expect(JSON.parse(r!.body)).toMatchObject({
      type: 'dev.assay.submission.cancelled',
      subject: `submissions/${submission.id}`,
      data: { vendor: 'acme-hooks', product: 'app', reason: 'wrong tag', submission: { id: submission.id, status: 'cancelled', previousStatus: 'queued' } },
    });
    const rows = await prisma.webhookDelivery.findMany({ where: { eventType: 'dev.assay.submission.cancelled' } });
    // Hooks without a filter (the earlier ones too) get it; the filtered one does not.
    expect(rows.map((d) => d.webhookId)).toContain(all.id);
    expect(rows.map((d) => d.webhookId)).not.toContain(onlyReview.id);
    expect(forPath('/only-review')).toHaveLength(0);
  });

  it('answers 404 to outsiders and 403 to members who may not manage webhooks', async () => {
    const created = await createHook('/private');
    const outsider = await makeUser(prisma);
    const outsiderHeaders = await sessionHeaders(prisma, outsider.id);
    const params = { vendor: 'acme-hooks', id: created.id };
    for (const res of [
      await call(hooks.GET, '/api/v1/vendors/acme-hooks/webhooks', { vendor: 'acme-hooks' }, { headers: outsiderHeaders }),
      await call(hooks.POST, '/api/v1/vendors/acme-hooks/webhooks', { vendor: 'acme-hooks' }, { method: 'POST', headers: outsiderHeaders, body: { url: `${base}/x` } }),
      await call(hook.DELETE, `/api/v1/vendors/acme-hooks/webhooks/${created.id}`, params, { method: 'DELETE', headers: outsiderHeaders }),
      await call(test.POST, `/api/v1/vendors/acme-hooks/webhooks/${created.id}/test`, params, { method: 'POST', headers: outsiderHeaders }),
      await call(deliveries.GET, '/api/v1/vendors/acme-hooks/webhooks/deliveries', { vendor: 'acme-hooks' }, { headers: outsiderHeaders }),
    ]) {
      expect(res.status).toBe(404);
    }
    const member = await makeUser(prisma);
    await makeMembership(prisma, member.id, vendor.organization.id, 'member');
    const memberHeaders = await sessionHeaders(prisma, member.id);
    expect((await call(hooks.GET, '/api/v1/vendors/acme-hooks/webhooks', { vendor: 'acme-hooks' }, { headers: memberHeaders })).status).toBe(200);
    expect((await call(hook.DELETE, `/api/v1/vendors/acme-hooks/webhooks/${created.id}`, params, { method: 'DELETE', headers: memberHeaders })).status).toBe(403);
    expect(await actorOf(prisma, member.id)).toMatchObject({ kind: 'user' });
    const removed = await call(hook.DELETE, `/api/v1/vendors/acme-hooks/webhooks/${created.id}`, params, { method: 'DELETE', headers: owner });
    expect(removed.status).toBe(200);
    expect(await prisma.webhook.findUnique({ where: { id: created.id } })).toBeNull();
  });
});
