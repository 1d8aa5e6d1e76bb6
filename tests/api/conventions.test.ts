import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { makeMembership, makeOrganization, makeToken, makeUser, sessionCookie } from '../support/factories';
import type { Db } from '../../lib/db/client';
import { resetEnvCache } from '../../lib/env';
import { APP_VERSION } from '../../lib/version';
import * as users from '@/app/api/v1/admin/users/route';
import * as user from '@/app/api/v1/admin/users/[id]/route';
import * as organizations from '@/app/api/v1/admin/organizations/route';
import * as organization from '@/app/api/v1/admin/organizations/[slug]/route';
import * as audit from '@/app/api/v1/admin/audit/route';
import * as auditExport from '@/app/api/v1/admin/audit/export/route';
import * as health from '@/app/api/health/route';

// Real route handlers called with real Request objects, against a real database.
let prisma: Db;
let adminCookie: string;
let customerCookie: string;
let ownerCookie: string;
let ownerToken: string;
let customerId: string;
let ipCounter = 0;

// Each request comes from its own address unless a test says otherwise, so rate limits stay out of the way.
function req(path: string, init: { method?: string; cookie?: string; bearer?: string; body?: unknown; rawBody?: string; ip?: string } = {}): Request {
  const headers = new Headers({ 'x-forwarded-for': init.ip ?? `198.18.0.${++ipCounter % 250}` });
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.bearer) headers.set('authorization', `Bearer ${init.bearer}`);
  if (init.body !== undefined || init.rawBody !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://localhost${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
}

const noParams = { params: Promise.resolve({}) };

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as Record<string, unknown>;
  // Exactly { error: { code, message, details } } — nothing else leaks out.
  expect(Object.keys(body)).toEqual(['error']);
  const error = body.error as Record<string, unknown>;
  expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message']);
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect((error.message as string).length).toBeGreaterThan(3);
  return error as { code: string; message: string; details: unknown };
}

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  const admin = await makeUser(prisma, { email: 'admin@assay.test', platformRole: 'admin' });
  const customer = await makeUser(prisma, { email: 'customer@example.test' });
  const owner = await makeUser(prisma, { email: 'owner@acme.test' });
  const org = await makeOrganization(prisma, { slug: 'acme' });
  await makeMembership(prisma, owner.id, org.id, 'owner');
  for (let i = 0; i < 25; i++) await makeUser(prisma, { email: `bulk-${String(i).padStart(2, '0')}@example.test` });
  adminCookie = await sessionCookie(admin.id);
  customerCookie = await sessionCookie(customer.id);
  ownerCookie = await sessionCookie(owner.id);
  customerId = customer.id;
  ownerToken = (await makeToken(prisma, { organizationId: org.id, createdById: owner.id, scopes: ['organization.read', 'members.read', 'tokens.write'] })).token;
});

afterEach(() => {
  delete process.env.RATE_LIMIT_ANON_PER_MINUTE;
  delete process.env.RATE_LIMIT_API_PER_MINUTE;
  resetEnvCache();
});

describe('when input is invalid', () => {
  it('answers 422 naming the field, for query parameters', async () => {
    const error = await expectError(await users.GET(req('/api/v1/admin/users?pageSize=101', { cookie: adminCookie }), noParams), 422, 'VALIDATION_FAILED');
    expect(error.message).toContain('pageSize');
    expect(error.details).toEqual({ issues: [expect.objectContaining({ field: 'pageSize' })] });
    const page0 = await expectError(await users.GET(req('/api/v1/admin/users?page=0', { cookie: adminCookie }), noParams), 422, 'VALIDATION_FAILED');
    expect(page0.details).toEqual({ issues: [expect.objectContaining({ field: 'page' })] });
  });

  it('answers 422 naming the field, for JSON bodies, and changes nothing', async () => {
    const res = await user.PATCH(req(`/api/v1/admin/users/${customerId}`, { method: 'PATCH', cookie: adminCookie, body: { platformRole: 'root' } }), {
      params: Promise.resolve({ id: customerId }),
    });
    const error = await expectError(res, 422, 'VALIDATION_FAILED');
    expect(error.details).toEqual({ issues: [expect.objectContaining({ field: 'platformRole' })] });
    const unknownField = await user.PATCH(req(`/api/v1/admin/users/${customerId}`, { method: 'PATCH', cookie: adminCookie, body: { disabled: true, isAdmin: true } }), {
      params: Promise.resolve({ id: customerId }),
    });
    await expectError(unknownField, 422, 'VALIDATION_FAILED');
    expect((await prisma.user.findUniqueOrThrow({ where: { id: customerId } })).disabledAt).toBeNull();
  });

  it('answers 400 when the body is not JSON at all', async () => {
    const res = await organization.PATCH(req('/api/v1/admin/organizations/acme', { method: 'PATCH', cookie: adminCookie, rawBody: '{verified: yes' }), {
      params: Promise.resolve({ slug: 'acme' }),
    });
    await expectError(res, 400, 'BAD_REQUEST');
  });
});

describe('when nobody is signed in', () => {
  it('answers 401 on platform endpoints', async () => {
    await expectError(await users.GET(req('/api/v1/admin/users'), noParams), 401, 'UNAUTHENTICATED');
    await expectError(await audit.GET(req('/api/v1/admin/audit'), noParams), 401, 'UNAUTHENTICATED');
  });

  it('answers 401 for a bad Bearer token instead of falling back to anonymous', async () => {
    await expectError(await users.GET(req('/api/v1/admin/users', { bearer: 'assay_' + 'x'.repeat(43) }), noParams), 401, 'UNAUTHENTICATED');
    await expectError(await users.GET(req('/api/v1/admin/users', { bearer: 'not-a-token' }), noParams), 401, 'UNAUTHENTICATED');
  });
});

describe('when someone may not see a thing', () => {
  it('answers 404, not 403, to signed-in outsiders and to organization tokens', async () => {
    for (const cookie of [customerCookie, ownerCookie]) {
      await expectError(await users.GET(req('/api/v1/admin/users', { cookie }), noParams), 404, 'NOT_FOUND');
      await expectError(await organizations.GET(req('/api/v1/admin/organizations', { cookie }), noParams), 404, 'NOT_FOUND');
      await expectError(await audit.GET(req('/api/v1/admin/audit', { cookie }), noParams), 404, 'NOT_FOUND');
      await expectError(await auditExport.GET(req('/api/v1/admin/audit/export', { cookie }), noParams), 404, 'NOT_FOUND');
    }
    await expectError(await users.GET(req('/api/v1/admin/users', { bearer: ownerToken }), noParams), 404, 'NOT_FOUND');
  });

  it('answers 404 even before looking at an invalid body, so outsiders learn nothing', async () => {
    const res = await organization.PATCH(req('/api/v1/admin/organizations/acme', { method: 'PATCH', cookie: ownerCookie, body: { verified: 'yes' } }), {
      params: Promise.resolve({ slug: 'acme' }),
    });
    await expectError(res, 404, 'NOT_FOUND');
    expect((await prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } })).verified).toBe(false);
  });

  it('answers 404 to an admin for an organization that does not exist', async () => {
    const res = await organization.PATCH(req('/api/v1/admin/organizations/nope', { method: 'PATCH', cookie: adminCookie, body: { verified: true } }), {
      params: Promise.resolve({ slug: 'nope' }),
    });
    await expectError(res, 404, 'NOT_FOUND');
  });
});

describe('when a client sends too many requests', () => {
  it('answers 429 with Retry-After once the per-address limit is used up', async () => {
    process.env.RATE_LIMIT_ANON_PER_MINUTE = '3';
    resetEnvCache();
    const ip = '203.0.113.99';
    for (let i = 0; i < 3; i++) expect((await users.GET(req('/api/v1/admin/users', { ip }), noParams)).status).toBe(401);
    const limited = await users.GET(req('/api/v1/admin/users', { ip }), noParams);
    await expectError(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another address still gets through.
    expect((await users.GET(req('/api/v1/admin/users', { ip: '203.0.113.100' }), noParams)).status).toBe(401);
  });

  it('limits each API token on its own budget, wherever it comes from', async () => {
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: 'owner@acme.test' }, include: { memberships: true } });
    const { token } = await makeToken(prisma, { organizationId: owner.memberships[0]!.organizationId, createdById: owner.id, scopes: ['organization.read'] });
    process.env.RATE_LIMIT_API_PER_MINUTE = '2';
    resetEnvCache();
    for (let i = 0; i < 2; i++) expect((await users.GET(req('/api/v1/admin/users', { bearer: token }), noParams)).status).toBe(404);
    const limited = await users.GET(req('/api/v1/admin/users', { bearer: token }), noParams);
    await expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('when a list is paginated', () => {
  it('returns { items, total, page, pageSize } and honours the bounds', async () => {
    const first = await users.GET(req('/api/v1/admin/users?pageSize=10', { cookie: adminCookie }), noParams);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { items: { email: string }[]; total: number; page: number; pageSize: number };
    expect(Object.keys(body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(body).toMatchObject({ total: 28, page: 1, pageSize: 10 });
    expect(body.items).toHaveLength(10);

    const last = (await (await users.GET(req('/api/v1/admin/users?pageSize=10&page=3', { cookie: adminCookie }), noParams)).json()) as typeof body;
    expect(last).toMatchObject({ total: 28, page: 3, pageSize: 10 });
    expect(last.items).toHaveLength(8);
    const beyond = (await (await users.GET(req('/api/v1/admin/users?pageSize=10&page=9', { cookie: adminCookie }), noParams)).json()) as typeof body;
    expect(beyond).toMatchObject({ items: [], total: 28, page: 9 });

    const defaults = (await (await users.GET(req('/api/v1/admin/users', { cookie: adminCookie }), noParams)).json()) as typeof body;
    expect(defaults).toMatchObject({ page: 1, pageSize: 20 });
    const max = (await (await users.GET(req('/api/v1/admin/users?pageSize=100', { cookie: adminCookie }), noParams)).json()) as typeof body;
    expect(max.items).toHaveLength(28);

    const all = new Set([...body.items, ...(await (await users.GET(req('/api/v1/admin/users?pageSize=10&page=2', { cookie: adminCookie }), noParams)).json() as typeof body).items, ...last.items].map((u) => u.email));
    expect(all.size).toBe(28);
  });

  it('paginates the audit log with ids as strings', async () => {
    await organization.PATCH(req('/api/v1/admin/organizations/acme', { method: 'PATCH', cookie: adminCookie, body: { verified: true } }), { params: Promise.resolve({ slug: 'acme' }) });
    const res = await audit.GET(req('/api/v1/admin/audit?action=organization.verify', { cookie: adminCookie }), noParams);
    const body = (await res.json()) as { items: { id: unknown; action: string; sourceIp: string }[]; total: number };
    expect(body.total).toBe(1);
    expect(typeof body.items[0]!.id).toBe('string');
    expect(body.items[0]!.sourceIp).toMatch(/^198\.18\.0\./);
  });
});

describe('the audit export', () => {
  it('streams application/x-ndjson as a download, one parseable event per line', async () => {
    const res = await auditExport.GET(req('/api/v1/admin/audit/export?organization=acme', { cookie: adminCookie }), noParams);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="assay-audit-[\d-]+\.jsonl"$/);
    const lines = (await res.text()).split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ id: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('rejects a bad filter with 422 before streaming anything', async () => {
    const error = await expectError(await auditExport.GET(req('/api/v1/admin/audit/export?to=someday', { cookie: adminCookie }), noParams), 422, 'VALIDATION_FAILED');
    expect(error.details).toEqual({ issues: [expect.objectContaining({ field: 'to' })] });
  });
});

describe('GET /api/health', () => {
  it('reports the version and that the database is reachable', async () => {
    const res = await health.GET();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; version: string; database: { reachable: boolean; latencyMs: number } };
    expect(body).toMatchObject({ status: 'ok', version: APP_VERSION, database: { reachable: true } });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports 503 and an unreachable database when it cannot connect', async () => {
    const saved = process.env.DATABASE_URL!;
    process.env.DATABASE_URL = 'postgresql://postgres:wrong@127.0.0.1:1/none';
    try {
      const res = await health.GET();
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'degraded', version: APP_VERSION, database: { reachable: false } });
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});
