import type { Prisma } from '../generated/prisma/client';
import type { Tx } from '../db/client';
import { actorLabel, type Actor } from '../auth/actor';
import { GENESIS_HASH, hashAuditEvent, type AuditContent } from './chain';

// Serializes writers so each event chains onto the one committed before it.
const AUDIT_LOCK = 4_147_001;

export interface AuditInput {
  actor: Actor;
  action: string;
  objectType: string;
  objectId?: string | null;
  organizationId?: string | null;
  sourceIp?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one event to the hash chain. Call it inside the transaction that makes the change. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<{ id: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const actor = input.actor;
  const content: AuditContent = {
    createdAt: new Date(),
    actorType: actor.kind,
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorTokenId: actor.kind === 'token' ? actor.tokenId : null,
    actorLabel: actorLabel(actor),
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId ?? null,
    organizationId: input.organizationId ?? (actor.kind === 'token' ? actor.organizationId : null),
    sourceIp: input.sourceIp ?? null,
    before: toJson(input.before),
    after: toJson(input.after),
  };
  const hash = hashAuditEvent(prevHash, content);
  const row = await tx.auditEvent.create({
    data: {
      ...content,
      actorType: content.actorType as 'user' | 'token' | 'system' | 'anonymous',
      before: (content.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (content.after ?? undefined) as Prisma.InputJsonValue | undefined,
      prevHash,
      hash,
    },
    select: { id: true },
  });
  return { id: row.id, hash };
}

// Normalizes through JSON so what is hashed is exactly what jsonb stores and reads back.
function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
