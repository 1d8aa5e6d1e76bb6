import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import { activatePolicy, createPolicyVersion, ensureDefaultPolicy, getActivePolicy, listPolicies } from '../../lib/server/policies/policies';
import { makeUser } from '../support/factories';
import { actorOf, call, errorOf, sessionHeaders } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import defaultPolicy from '../../certification/policy/default.json' with { type: 'json' };
import * as publicPolicy from '../../app/api/v1/policy/route';
import * as adminPolicies from '../../app/api/v1/admin/policies/route';
import { seedPlatform } from '../../lib/seed/platform';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let prisma: Db;
let admin: { id: string };
let reviewer: { id: string };

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  admin = await makeUser(prisma, { platformRole: 'admin' });
  reviewer = await makeUser(prisma, { platformRole: 'reviewer' });
});

describe('policy versions', () => {
  it('makes the engine default version 1 once, however often it is ensured', async () => {
    await Promise.all([ensureDefaultPolicy(prisma), ensureDefaultPolicy(prisma), ensureDefaultPolicy(prisma)]);
    const rows = await prisma.policy.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1, active: true, document: defaultPolicy });
    expect((await getActivePolicy()).loaded.policy.name).toBe(defaultPolicy.name);
  });

  it('refuses an invalid document with a message naming the failing path, and saves nothing', async () => {
    const actor = await actorOf(prisma, admin.id);
    const bad = JSON.stringify({ ...defaultPolicy, checks: { ...defaultPolicy.checks, 'hygiene.layer-count': { required: 'yes' } } });
    const e = await errorOf(createPolicyVersion({ actor, sourceIp: null, document: bad }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toMatch(/at checks\.hygiene\.layer-count\.required/);
    expect((await errorOf(createPolicyVersion({ actor, sourceIp: null, document: '{ not json' }))).message).toMatch(/expected JSON/);
    expect(await prisma.policy.count()).toBe(1);
  });

  it('saves each edit as a new active version, audited; an older version can be activated again', async () => {
    const actor = await actorOf(prisma, admin.id);
    const doc = JSON.stringify({ ...defaultPolicy, checks: { ...defaultPolicy.checks, 'hygiene.layer-count': { required: true, maxLayers: 20 } } });
    const v2 = await createPolicyVersion({ actor, sourceIp: '10.0.0.1', document: doc });
    expect(v2).toMatchObject({ version: 2, active: true });
    expect(await prisma.policy.findMany({ where: { active: true }, select: { version: true } })).toEqual([{ version: 2 }]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { objectId: v2.id, action: 'policy.create' } });
    expect(audit).toMatchObject({ actorUserId: admin.id, sourceIp: '10.0.0.1', before: { activeVersion: 1 }, after: { version: 2, active: true } });
    expect((await getActivePolicy()).version).toBe(2);

    const v1 = await prisma.policy.findFirstOrThrow({ where: { version: 1 } });
    await activatePolicy({ actor, sourceIp: null, id: v1.id });
    expect((await getActivePolicy()).version).toBe(1);
    expect(await prisma.auditEvent.count({ where: { objectId: v1.id, action: 'policy.activate' } })).toBe(1);
    expect((await listPolicies({ actor })).map((p) => [p.version, p.active])).toEqual([[2, false], [1, true]]);
  });

  it('lets reviewers read versions but not write them; vendors see nothing', async () => {
    const r = await actorOf(prisma, reviewer.id);
    expect((await listPolicies({ actor: r })).length).toBe(2);
    expect((await errorOf(createPolicyVersion({ actor: r, sourceIp: null, document: JSON.stringify(defaultPolicy) }))).code).toBe('NOT_FOUND');
    expect(await prisma.policy.count()).toBe(2);
    const vendor = await makeUser(prisma);
    const res = await call(adminPolicies.GET, '/api/v1/admin/policies', {}, { headers: await sessionHeaders(prisma, vendor.id) });
    expect(res.status).toBe(404);
  });

  it('creates a version through the admin API and serves the active one publicly with an ETag', async () => {
    const headers = await sessionHeaders(prisma, admin.id);
    const created = await call(adminPolicies.POST, '/api/v1/admin/policies', {}, { method: 'POST', headers, body: { document: { ...defaultPolicy, name: 'assay-strict' } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 3, active: true });
    const invalid = await call(adminPolicies.POST, '/api/v1/admin/policies', {}, { method: 'POST', headers, body: { document: { name: 3 } } });
    expect(invalid.status).toBe(422);

    const res = await call(publicPolicy.GET, '/api/v1/policy', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'assay-default', version: 3, digest: created.body.digest, document: { name: 'assay-strict' } });
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${created.body.digest}"`);
    const cached = await publicPolicy.GET(new Request('http://localhost/api/v1/policy', { headers: { 'if-none-match': etag } }), { params: Promise.resolve({}) });
    expect(cached.status).toBe(304);
  });

  it('seeds the demo advisories once, labelled as not real, and leaves existing policies alone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-seed-'));
    process.env.ASSAY_DATA_DIR = dir;
    try {
      expect(await seedPlatform(prisma)).toEqual({ policy: false, advisories: true });
      expect(await seedPlatform(prisma)).toEqual({ policy: false, advisories: false });
      const rows = await prisma.advisoryImport.findMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ recordCount: 4, source: expect.stringContaining('not real vulnerabilities') });
      expect(await prisma.policy.count()).toBe(3);
    } finally {
      delete process.env.ASSAY_DATA_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
