import type PgBoss from 'pg-boss';
import { isCertificationError } from '@/certification/index';
import { db } from '../db/client';
import { recordAudit } from '../audit/record';
import { producer } from '../queue/queue';
import { storage } from '../storage';
import { importAdvisoryDatabase } from '../server/advisories/advisories';
import { enqueueRescan } from './rescan';

// Advisory imports uploaded by admins run in a worker: parsing a large OSV zip is CPU work that must
// never block the web server's event loop.
export const ADVISORY_QUEUE = 'advisory-import';

export interface AdvisoryImportJob {
  /** The uploaded zip in storage. */
  storageKey: string;
  filename: string;
  uploadedBy: string;
}

const WORKER = { kind: 'system', label: 'worker' } as const;

export async function ensureAdvisoryQueue(boss: PgBoss): Promise<void> {
  const options = { name: ADVISORY_QUEUE, policy: 'standard' as const, retryLimit: 2, retryDelay: 10, expireInSeconds: 3600 };
  if (await boss.getQueue(ADVISORY_QUEUE)) await boss.updateQueue(ADVISORY_QUEUE, options);
  else await boss.createQueue(ADVISORY_QUEUE, options);
}

export async function enqueueAdvisoryImport(job: AdvisoryImportJob): Promise<string | null> {
  const boss = await producer();
  await ensureAdvisoryQueue(boss);
  return boss.send(ADVISORY_QUEUE, job);
}

/** One uploaded zip → the engine's import → a new advisory database. Bad archives are audited, not retried. */
export async function runAdvisoryImport(job: AdvisoryImportJob, log: (line: string) => void = () => undefined, boss?: PgBoss): Promise<'imported' | 'invalid'> {
  try {
    const result = await importAdvisoryDatabase({ actor: WORKER, path: storage().localPath(job.storageKey), source: `${job.filename} (uploaded by ${job.uploadedBy})` });
    log(`advisories: imported ${result.counts.indexed} from ${job.filename}`);
    // Published images are graded again against the new database, in the background.
    await enqueueRescan({ advisoryImportId: result.import.id }, boss);
    await storage().delete(job.storageKey);
    return 'imported';
  } catch (e) {
    if (!isCertificationError(e)) throw e;
    await db().$transaction((tx) =>
      recordAudit(tx, { actor: WORKER, action: 'advisories.import-failed', objectType: 'advisory_import', after: { filename: job.filename, message: e.message, code: e.code } }),
    );
    await storage().delete(job.storageKey);
    log(`advisories: ${job.filename} refused: ${e.message}`);
    return 'invalid';
  }
}
