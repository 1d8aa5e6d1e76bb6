import type PgBoss from 'pg-boss';
import { deliverWebhook } from './deliver';
import { ensureWebhookQueue, WEBHOOK_QUEUE, webhookConfig, type WebhookJob } from './queue';

/** Registers the delivery handler on a worker's pg-boss: one job, one HTTP attempt. */
export async function startWebhookDelivery(boss: PgBoss, log: (line: string) => void): Promise<void> {
  await ensureWebhookQueue(boss);
  await boss.work<WebhookJob>(WEBHOOK_QUEUE, { batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    const lastTry = job.retryCount >= job.retryLimit;
    const outcome = await deliverWebhook(job.data.deliveryId, { lastTry, retryCount: job.retryCount, retryDelaySeconds: webhookConfig().ASSAY_WEBHOOK_RETRY_DELAY_SECONDS }).catch((e: Error) => {
      log(`webhook delivery ${job.data.deliveryId} (try ${job.retryCount + 1}/${job.retryLimit + 1}): ${e.message}`);
      throw e;
    });
    log(`webhook delivery ${job.data.deliveryId}: ${outcome}`);
    return { outcome };
  });
}
