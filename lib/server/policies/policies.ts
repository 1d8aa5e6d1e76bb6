import { isCertificationError, parsePolicy, type LoadedPolicy } from '@/certification/index';
import defaultPolicyJson from '@/certification/policy/default.json' with { type: 'json' };
import type { Prisma } from '../../generated/prisma/client';
import { db, type Db, type Tx } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { recordAudit } from '../../audit/record';
import { AppError } from '../../errors';

// Versioned certification policies. Each admin save is a new version (never an edit in place), so a
// report's "policy name v3" always means the same document. Exactly one version is active.

export const DEFAULT_POLICY_NAME = 'assay-default';
const SYSTEM: Actor = { kind: 'system', label: 'policy-seed' };
const POLICY_LOCK = 4_147_101;

export const POLICY_FIELDS = { id: true, name: true, version: true, digest: true, active: true, createdAt: true, createdBy: { select: { name: true, email: true } } } as const;

export interface ActivePolicy {
  id: string;
  name: string;
  version: number;
  digest: string;
  document: unknown;
  loaded: LoadedPolicy;
}

/** The engine's default.json becomes version 1 when no policy exists yet (idempotent, race-safe). */
export async function ensureDefaultPolicy(prisma: Db = db()): Promise<void> {
  if ((await prisma.policy.count()) > 0) return;
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${POLICY_LOCK})`;
    if ((await tx.policy.count()) > 0) return;
    const loaded = parsePolicy(structuredClone(defaultPolicyJson), 'certification/policy/default.json');
    const p = await tx.policy.create({
      data: { name: DEFAULT_POLICY_NAME, version: 1, document: defaultPolicyJson as Prisma.InputJsonValue, digest: loaded.digest, active: true },
    });
    await recordAudit(tx, { actor: SYSTEM, action: 'policy.create', objectType: 'policy', objectId: p.id, after: { name: p.name, version: 1, digest: p.digest, active: true } });
  });
}

/** The policy new submissions are judged by. */
export async function getActivePolicy(prisma: Db = db()): Promise<ActivePolicy> {
  await ensureDefaultPolicy(prisma);
  const p = await prisma.policy.findFirst({ where: { active: true }, orderBy: { version: 'desc' } });
  if (!p) throw new AppError('INTERNAL', 'No active policy: an administrator must activate one.');
  const loaded = parsePolicy(p.document, `policy ${p.name} v${p.version}`);
  return { id: p.id, name: p.name, version: p.version, digest: p.digest, document: p.document, loaded };
}

/** Validates policy JSON text with the engine's parser (zod + schema); the error names the failing path. */
export function validatePolicyText(text: string): { document: unknown; loaded: LoadedPolicy } {
  try {
    const loaded = parsePolicy(text, 'policy');
    return { document: JSON.parse(text) as unknown, loaded };
  } catch (e) {
    if (!isCertificationError(e)) throw e;
    const path = (e.details as { path?: string[] } | undefined)?.path;
    throw new AppError('VALIDATION_FAILED', e.message, { details: { issues: [{ field: 'document', message: e.message }], ...(path ? { path } : {}) } });
  }
}

export interface CreatePolicyVersionOptions {
  actor: Actor;
  sourceIp?: string | null;
  document: string;
  /** Make the new version the one submissions are judged by (default true). */
  activate?: boolean;
}

/** Saves the document as the next version of the active policy's name. */
export async function createPolicyVersion({ actor, sourceIp, document, activate = true }: CreatePolicyVersionOptions) {
  assertAuthorized(actor, 'policies.write');
  const { document: json, loaded } = validatePolicyText(document);
  await ensureDefaultPolicy();
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${POLICY_LOCK})`;
    const current = await tx.policy.findFirst({ where: { active: true }, orderBy: { version: 'desc' } });
    const name = current?.name ?? DEFAULT_POLICY_NAME;
    const last = await tx.policy.findFirst({ where: { name }, orderBy: { version: 'desc' }, select: { version: true } });
    const version = (last?.version ?? 0) + 1;
    if (activate) await tx.policy.updateMany({ where: { active: true }, data: { active: false } });
    const p = await tx.policy.create({
      data: { name, version, document: json as Prisma.InputJsonValue, digest: loaded.digest, active: activate, createdById: actor.kind === 'user' ? actor.userId : null },
      select: POLICY_FIELDS,
    });
    await recordAudit(tx, {
      actor,
      action: 'policy.create',
      objectType: 'policy',
      objectId: p.id,
      sourceIp: sourceIp ?? null,
      before: current ? { activeVersion: current.version, digest: current.digest } : null,
      after: { name, version, digest: p.digest, active: activate },
    });
    return p;
  });
}

async function activateIn(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${POLICY_LOCK})`;
  const target = await tx.policy.findUnique({ where: { id }, select: POLICY_FIELDS });
  if (!target) throw new AppError('NOT_FOUND', 'No such policy version.');
  const before = await tx.policy.findFirst({ where: { active: true }, select: { version: true } });
  await tx.policy.updateMany({ where: { active: true, NOT: { id } }, data: { active: false } });
  await tx.policy.update({ where: { id }, data: { active: true } });
  return { target: { ...target, active: true }, before };
}

/** Makes an earlier (or later) version the active one again. */
export async function activatePolicy({ actor, sourceIp, id }: { actor: Actor; sourceIp?: string | null; id: string }) {
  assertAuthorized(actor, 'policies.write');
  return db().$transaction(async (tx) => {
    const { target, before } = await activateIn(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'policy.activate',
      objectType: 'policy',
      objectId: id,
      sourceIp: sourceIp ?? null,
      before: { activeVersion: before?.version ?? null },
      after: { activeVersion: target.version, digest: target.digest },
    });
    return target;
  });
}

/** Every version, newest first (admins and reviewers). */
export async function listPolicies({ actor }: { actor: Actor }) {
  assertAuthorized(actor, 'policies.read');
  await ensureDefaultPolicy();
  return db().policy.findMany({ orderBy: [{ name: 'asc' }, { version: 'desc' }], select: POLICY_FIELDS });
}

/** One version with its document (admins and reviewers). */
export async function getPolicy({ actor, id }: { actor: Actor; id: string }) {
  assertAuthorized(actor, 'policies.read');
  const p = await db().policy.findUnique({ where: { id }, select: { ...POLICY_FIELDS, document: true } });
  if (!p) throw new AppError('NOT_FOUND', 'No such policy version.');
  return p;
}
