import PgBoss from 'pg-boss';
import type { Tx } from '../db/client';
import { pipelineConfig } from '../pipeline/config';

// The job queue: pg-boss 10 on the application database, in its own schema. The web server only
// sends jobs; worker processes (lib/pipeline/worker.ts) take them.
export const QUEUE_SCHEMA = 'pgboss';
export const CERTIFY_QUEUE = 'certify';

/** What a certify job carries; `attempt` is the submission's attempt count when it was queued. */
export interface CertifyJob {
  submissionId: string;
  attempt: number;
}

export interface BossOptions {
  url: string;
  /** Workers supervise (expire abandoned jobs, archive); the web server only sends. */
  role: 'producer' | 'worker';
}

export function createBoss({ url, role }: BossOptions): PgBoss {
  const c = pipelineConfig();
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    application_name: `assay-${role}`,
    max: role === 'worker' ? 4 : 2,
    supervise: role === 'worker',
    maintenanceIntervalSeconds: c.ASSAY_QUEUE_MAINTENANCE_SECONDS,
    schedule: false,
    migrate: true,
    pollingIntervalSeconds: c.ASSAY_QUEUE_POLL_SECONDS,
  });
  // pg-boss reports connection hiccups as events; an unhandled 'error' event would kill the process.
  boss.on('error', (e) => console.error(`[queue] ${e.message}`));
  return boss;
}

/** Creates or updates the certify queue with the configured retry and expiry policy. */
export async function ensureCertifyQueue(boss: PgBoss): Promise<void> {
  const c = pipelineConfig();
  const options = {
    name: CERTIFY_QUEUE,
    policy: 'standard' as const,
    retryLimit: c.ASSAY_JOB_RETRY_LIMIT,
    retryDelay: c.ASSAY_JOB_RETRY_DELAY_SECONDS,
    retryBackoff: c.ASSAY_JOB_RETRY_DELAY_SECONDS > 0,
    expireInSeconds: c.jobExpireSeconds,
  };
  if (await boss.getQueue(CERTIFY_QUEUE)) await boss.updateQueue(CERTIFY_QUEUE, options);
  else await boss.createQueue(CERTIFY_QUEUE, options);
}

const globalForQueue = globalThis as unknown as { assayProducer?: { url: string; boss: Promise<PgBoss> } };

/** The web process's sender, started once per database URL. */
export function producer(): Promise<PgBoss> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set.');
  const cached = globalForQueue.assayProducer;
  if (cached && cached.url === url) return cached.boss;
  const boss = (async () => {
    const b = createBoss({ url, role: 'producer' });
    await b.start();
    await ensureCertifyQueue(b);
    return b;
  })();
  boss.catch(() => {
    if (globalForQueue.assayProducer?.boss === boss) globalForQueue.assayProducer = undefined;
  });
  globalForQueue.assayProducer = { url, boss };
  return boss;
}

export async function stopProducer(): Promise<void> {
  const cached = globalForQueue.assayProducer;
  globalForQueue.assayProducer = undefined;
  if (cached) await (await cached.boss).stop({ graceful: false, wait: true }).catch(() => undefined);
}

// Lets pg-boss insert the job through a Prisma transaction, so a submission and its job commit
// together or not at all.
export function txDb(tx: Tx) {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const params = values.map((v) => (v === undefined ? null : v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v));
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...params);
      return { rows };
    },
  };
}

/** Queues certification of a submission inside the caller's transaction. */
export async function enqueueCertification(tx: Tx, job: CertifyJob): Promise<string> {
  const boss = await producer();
  const c = pipelineConfig();
  const id = await boss.send(CERTIFY_QUEUE, job, { db: txDb(tx), expireInSeconds: c.jobExpireSeconds });
  if (!id) throw new Error(`the queue refused the certification job of ${job.submissionId}`);
  return id;
}
