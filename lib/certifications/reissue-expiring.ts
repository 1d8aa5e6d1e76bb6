import { db } from '../db/client';
import { AppError } from '../errors';
import { platformKeyring } from '../platform-keys';
import { syncAttestation, pushPendingAttestations, type AttestationSync } from './attestation';
import { certificationConfig } from './config';
import { CERTIFICATIONS_ACTOR, issueCertificationInTx } from './issue-certification';
import { readStoredReport } from './stored-report';

/**
 * Re-issues the statement of every standing certification (published, not revoked) whose newest
 * statement runs out within the renewal window. Safe to run from several workers at once: each
 * version is locked and its newest statement re-read before issuing.
 */
export async function reissueExpiring(now: Date = new Date()) {
  const { renewBeforeMs } = certificationConfig();
  const horizon = new Date(now.getTime() + renewBeforeMs);
  const candidates = await db().listingVersion.findMany({
    where: {
      revokedAt: null,
      submission: { status: 'published' },
      NOT: { certifications: { some: { expiresAt: { gt: horizon } } } },
    },
    select: { id: true, digest: true, reportKey: true },
  });
  if (!candidates.length) return { reissued: [] as { listingVersionId: string; certificationId: string; expiresAt: Date }[], attestations: [] as AttestationSync[] };
  const keyring = await platformKeyring();
  const reissued: { listingVersionId: string; certificationId: string; expiresAt: Date }[] = [];
  const digests = new Set<string>();
  for (const c of candidates) {
    const report = await readStoredReport(c.reportKey);
    const row = await db()
      .$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM listing_versions WHERE id = ${c.id} FOR UPDATE`;
        // Another worker may have renewed it since the candidate list was read.
        const fresh = await tx.certification.findFirst({ where: { listingVersionId: c.id, expiresAt: { gt: horizon } }, select: { id: true } });
        if (fresh) return null;
        return issueCertificationInTx(tx, c.id, { keyring, report, now, actor: CERTIFICATIONS_ACTOR });
      })
      .catch((e) => {
        // Revoked between the list and the lock: nothing to renew.
        if (e instanceof AppError && e.code === 'CONFLICT') return null;
        throw e;
      });
    if (row) {
      reissued.push({ listingVersionId: c.id, certificationId: row.id, expiresAt: row.expiresAt });
      digests.add(c.digest);
    }
  }
  const attestations: AttestationSync[] = [];
  for (const digest of digests) attestations.push(await syncAttestation(digest, { now }));
  return { reissued, attestations };
}

/** One maintenance round: renew expiring statements, then retry attestation pushes that failed. */
export async function runCertificationMaintenance(now: Date = new Date()) {
  const renewed = await reissueExpiring(now);
  const retried = await pushPendingAttestations({ now });
  return { ...renewed, retried };
}

/** The worker loop (every ASSAY_CERTIFICATION_MAINTENANCE_SECONDS, default hourly). */
export function startCertificationMaintenance(opts: { log?: (line: string) => void; intervalMs?: number } = {}): { stop(): void } {
  const log = opts.log ?? ((line: string) => console.log(`[certifications] ${line}`));
  const interval = opts.intervalMs ?? certificationConfig().maintenanceIntervalMs;
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runCertificationMaintenance();
      if (r.reissued.length || r.retried.length) log(`re-issued ${r.reissued.length} statement(s); retried ${r.retried.length} attestation push(es)`);
    } catch (e) {
      log(`maintenance failed, will try again: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void round(), 5_000);
  const timer = setInterval(() => void round(), interval);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
