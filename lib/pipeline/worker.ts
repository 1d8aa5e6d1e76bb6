import type PgBoss from 'pg-boss';
import { CERTIFY_QUEUE, createBoss, ensureCertifyQueue, type CertifyJob } from '../queue/queue';
import { runJob } from './run-job';
import { ADVISORY_QUEUE, ensureAdvisoryQueue, runAdvisoryImport, type AdvisoryImportJob } from './advisory-jobs';
import { startCertificationMaintenance } from '../certifications/reissue-expiring';
import { startWebhookDelivery } from '../webhooks/worker';
import { ensureRescanQueue, rescanPublished, RESCAN_QUEUE, type RescanJob } from './rescan';
import { startPipelineMaintenance } from './maintenance';

// A worker process: takes certify jobs one at a time and runs them. Started by the server
// (lib/pipeline/supervisor.ts) or standalone with `npm run worker` on any machine that reaches
// the database and the shared storage.

export interface RunningWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

export async function startWorker(opts: { url: string; log?: (line: string) => void }): Promise<RunningWorker> {
  const log = opts.log ?? ((line: string) => console.log(`[worker ${process.pid}] ${line}`));
  const boss = createBoss({ url: opts.url, role: 'worker' });
  await boss.start();
  await ensureCertifyQueue(boss);
  await boss.work<CertifyJob>(CERTIFY_QUEUE, { batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    const lastTry = job.retryCount >= job.retryLimit;
    log(`job ${job.id}: submission ${job.data.submissionId} (try ${job.retryCount + 1}/${job.retryLimit + 1})`);
    return { outcome: await runJob(job.data, { lastTry, log }) };
  });
  await startWebhookDelivery(boss, log);
  await ensureAdvisoryQueue(boss);
  await boss.work<AdvisoryImportJob>(ADVISORY_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    return { outcome: await runAdvisoryImport(job.data, log, boss) };
  });
  await ensureRescanQueue(boss);
  await boss.work<RescanJob>(RESCAN_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const r = await rescanPublished({ log });
    return { scanned: r.scanned, changed: r.changed.length, dropped: r.dropped.length };
  });
  // Every worker renews expiring certification statements and retries attestation pushes (race-safe).
  const maintenance = startCertificationMaintenance({ log });
  const pipelineMaintenance = startPipelineMaintenance({ log });
  log('ready');
  return {
    boss,
    stop: async () => {
      maintenance.stop();
      pipelineMaintenance.stop();
      // Graceful: running jobs are failed back to the queue (and retried) rather than left to expire.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
