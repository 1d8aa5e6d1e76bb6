import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { makeOrganization, makeUser } from '../support/factories';
import { db, type Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { loadUserActor } from '../../lib/auth/load-actor';
import { recordAudit } from '../../lib/audit/record';
import { hashAuditEvent } from '../../lib/audit/chain';
import { verifyAuditChain } from '../../lib/audit/verify';
import { updateUser } from '../../lib/server/admin/update-user';
import { setOrganizationVerified } from '../../lib/server/admin/set-organization-verified';
import { updatePlatformSettings } from '../../lib/server/admin/platform-settings';

const root = path.resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

let prisma: Db;
let url: string;
let superuser: pg.Client;
let admin: Actor;

// Tampering as a database superuser would: switch the append-only triggers off, change rows, switch back.
async function tamper(sql: string, params: unknown[] = []): Promise<void> {
  await superuser.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
  try {
    await superuser.query(sql, params);
  } finally {
    await superuser.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
  }
}

async function eventIds(): Promise<bigint[]> {
  return (await prisma.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((e) => e.id);
}

async function auditVerifyCli(): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/audit-verify.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

beforeAll(async () => {
  ({ prisma, url } = await useTestDatabase());
  superuser = new pg.Client({ connectionString: url });
  await superuser.connect();
  const a = await makeUser(prisma, { email: 'admin@assay.test', platformRole: 'admin' });
  admin = (await loadUserActor(prisma, a.id))!;
  // Real domain functions write the trail: role changes, verification, settings.
  const org = await makeOrganization(prisma, { slug: 'chain-co' });
  for (let i = 0; i < 3; i++) {
    const u = await makeUser(prisma, { email: `u${i}@assay.test` });
    await updateUser({ actor: admin, sourceIp: '192.0.2.1', userId: u.id, input: { platformRole: 'reviewer' } });
    await updateUser({ actor: admin, sourceIp: '192.0.2.1', userId: u.id, input: { disabled: true } });
  }
  await setOrganizationVerified({ actor: admin, sourceIp: null, slug: org.slug, input: { verified: true } });
  await updatePlatformSettings({ actor: admin, sourceIp: null, input: { platformName: 'Chain Test', defaultTokenExpiryDays: 7 } });
});

afterAll(async () => {
  await superuser?.end();
});

describe('when nobody tampered with the trail', () => {
  it('verifies every event', async () => {
    const result = await verifyAuditChain(prisma);
    expect(result).toEqual({ ok: true, checked: 8 });
  });

  it('the database itself refuses updates and deletes (the triggers are on)', async () => {
    await expect(superuser.query(`UPDATE audit_events SET action = 'x' WHERE id = (SELECT min(id) FROM audit_events)`)).rejects.toThrow(/append-only/);
    await expect(superuser.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });
});

describe('when a superuser edits an event', () => {
  it('names exactly that event as edited, and verifies again once it is restored', async () => {
    const ids = await eventIds();
    const target = ids[3]!;
    const original = await superuser.query('SELECT "after" FROM audit_events WHERE id = $1', [target.toString()]);
    await tamper(`UPDATE audit_events SET "after" = '{"platformRole":"admin"}' WHERE id = $1`, [target.toString()]);
    const result = await verifyAuditChain(prisma);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ id: target.toString(), reason: 'edited' });
    expect(result.checked).toBe(3);

    await tamper('UPDATE audit_events SET "after" = $2 WHERE id = $1', [target.toString(), original.rows[0].after]);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });

  it('detects an edit of the source address, the time or the actor, not only the payload', async () => {
    const ids = await eventIds();
    for (const [column, value] of [['source_ip', '10.0.0.1'], ['actor_label', 'someone-else@assay.test']] as const) {
      const target = ids[1]!;
      const original = await superuser.query(`SELECT ${column} AS v FROM audit_events WHERE id = $1`, [target.toString()]);
      await tamper(`UPDATE audit_events SET ${column} = $2 WHERE id = $1`, [target.toString(), value]);
      expect((await verifyAuditChain(prisma)).firstBad).toMatchObject({ id: target.toString(), reason: 'edited' });
      await tamper(`UPDATE audit_events SET ${column} = $2 WHERE id = $1`, [target.toString(), original.rows[0].v]);
    }
    const target = ids[2]!;
    await tamper(`UPDATE audit_events SET created_at = created_at - interval '1 day' WHERE id = $1`, [target.toString()]);
    expect((await verifyAuditChain(prisma)).firstBad).toMatchObject({ id: target.toString(), reason: 'edited' });
    await tamper(`UPDATE audit_events SET created_at = created_at + interval '1 day' WHERE id = $1`, [target.toString()]);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });
});

describe('when a superuser deletes an event in the middle', () => {
  it('names the event after the gap as the place the chain breaks', async () => {
    const ids = await eventIds();
    const victim = ids[4]!;
    const saved = await superuser.query('SELECT * FROM audit_events WHERE id = $1', [victim.toString()]);
    await tamper('DELETE FROM audit_events WHERE id = $1', [victim.toString()]);
    const result = await verifyAuditChain(prisma);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ id: ids[5]!.toString(), reason: 'chain-broken' });
    expect(result.checked).toBe(4);

    const row = saved.rows[0];
    const columns = Object.keys(row);
    await tamper(
      `INSERT INTO audit_events (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => (c === 'before' || c === 'after') && row[c] !== null ? JSON.stringify(row[c]) : row[c]),
    );
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });
});

describe('when a superuser inserts a forged event with a valid-looking hash', () => {
  it('names the genuine event after the forgery, whose link no longer matches', async () => {
    // Leave a gap in the ids so the forgery can sit between two genuine events.
    const before = await prisma.$transaction((tx) => recordAudit(tx, { actor: admin, action: 'test.before-gap', objectType: 'test' }));
    await superuser.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), $1)`, [(before.id + 10n).toString()]);
    const after = await prisma.$transaction((tx) => recordAudit(tx, { actor: admin, action: 'test.after-gap', objectType: 'test' }));
    expect(after.id).toBeGreaterThan(before.id + 1n);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);

    const forgedId = before.id + 5n;
    const content = {
      createdAt: new Date(),
      actorType: 'user',
      actorUserId: null,
      actorTokenId: null,
      actorLabel: 'admin@assay.test',
      action: 'user.role-change',
      objectType: 'user',
      objectId: 'forged',
      organizationId: null,
      sourceIp: null,
      before: { platformRole: 'user' },
      after: { platformRole: 'admin' },
    };
    const forgedHash = hashAuditEvent(before.hash, content);
    await tamper(
      `INSERT INTO audit_events (id, created_at, actor_type, actor_label, action, object_type, object_id, "before", "after", prev_hash, hash)
       VALUES ($1, $2, 'user', $3, $4, $5, $6, $7, $8, $9, $10)`,
      [forgedId.toString(), content.createdAt, content.actorLabel, content.action, content.objectType, content.objectId,
        JSON.stringify(content.before), JSON.stringify(content.after), before.hash, forgedHash],
    );
    const result = await verifyAuditChain(prisma);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ id: after.id.toString(), reason: 'chain-broken' });

    const cli = await auditVerifyCli();
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`TAMPERED at event ${after.id}`);

    await tamper('DELETE FROM audit_events WHERE id = $1', [forgedId.toString()]);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });
});

describe('when many writers audit at once', () => {
  it('20 parallel transactions still produce one unbroken chain', async () => {
    const count = await prisma.auditEvent.count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db().$transaction(async (tx) => {
          await recordAudit(tx, { actor: admin, action: 'test.parallel', objectType: 'test', objectId: String(i), after: { i } });
        }),
      ),
    );
    expect(await prisma.auditEvent.count()).toBe(count + 20);
    const result = await verifyAuditChain(prisma);
    expect(result).toEqual({ ok: true, checked: count + 20 });
    const hashes = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { prevHash: true, hash: true } });
    expect(new Set(hashes.map((h) => h.prevHash)).size).toBe(hashes.length);
  });
});

describe('npm run audit:verify as a real process', () => {
  it('exits 0 on an intact trail and 1 naming the first edited event', async () => {
    const ok = await auditVerifyCli();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Audit trail intact: \d+ event\(s\) verified/);

    const ids = await eventIds();
    const target = ids[6]!;
    await tamper(`UPDATE audit_events SET action = 'user.enable' WHERE id = $1`, [target.toString()]);
    const bad = await auditVerifyCli();
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`TAMPERED at event ${target}`);
    expect(bad.stderr).toContain('edited');
  });
});
