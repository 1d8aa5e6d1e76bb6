import type { Db } from '../db/client';
import { GENESIS_HASH, hashAuditEvent } from './chain';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBad?: { id: string; reason: 'edited' | 'chain-broken'; message: string };
}

// Walks the chain in id order. An edited event no longer matches its own hash; a deleted or
// inserted event breaks the link (prevHash) of the event after it.
export async function verifyAuditChain(prisma: Db, batchSize = 1000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const events = await prisma.auditEvent.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: batchSize,
    });
    if (events.length === 0) return { ok: true, checked };
    for (const e of events) {
      if (e.prevHash !== prevHash) {
        return {
          ok: false,
          checked,
          firstBad: {
            id: e.id.toString(),
            reason: 'chain-broken',
            message: `event ${e.id} links to ${e.prevHash.slice(0, 12)}…, expected ${prevHash.slice(0, 12)}…: an event before it was deleted or inserted`,
          },
        };
      }
      const expected = hashAuditEvent(e.prevHash, e);
      if (expected !== e.hash) {
        return {
          ok: false,
          checked,
          firstBad: { id: e.id.toString(), reason: 'edited', message: `event ${e.id} (${e.action}) does not match its hash: it was edited` },
        };
      }
      prevHash = e.hash;
      checked++;
    }
    cursor = events[events.length - 1]!.id;
  }
}
