import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit event's hash covers (everything but its id and its own hash). */
export interface AuditContent {
  createdAt: Date;
  actorType: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  organizationId: string | null;
  sourceIp: string | null;
  before: unknown;
  after: unknown;
}

export function hashAuditEvent(prevHash: string, content: AuditContent): string {
  const body = canonicalJson({
    createdAt: content.createdAt.toISOString(),
    actorType: content.actorType,
    actorUserId: content.actorUserId,
    actorTokenId: content.actorTokenId,
    actorLabel: content.actorLabel,
    action: content.action,
    objectType: content.objectType,
    objectId: content.objectId,
    organizationId: content.organizationId,
    sourceIp: content.sourceIp,
    before: content.before ?? null,
    after: content.after ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
