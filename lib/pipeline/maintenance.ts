import { notifyExpiringCertifications } from './expiring-certifications';
import { sweepStuckSubmissions } from './sweeper';

// The pipeline's periodic round in every worker: end submissions stuck in `certifying`, and tell
// vendors about certifications about to lapse. Both are race-safe across workers.

export function pipelineMaintenanceIntervalMs(source: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(source.ASSAY_PIPELINE_MAINTENANCE_SECONDS ?? 60);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`Invalid pipeline configuration:\n  ASSAY_PIPELINE_MAINTENANCE_SECONDS: expected a positive number, got ${JSON.stringify(source.ASSAY_PIPELINE_MAINTENANCE_SECONDS)}`);
  return seconds * 1000;
}

export async function runPipelineMaintenance(now: Date = new Date()) {
  const swept = await sweepStuckSubmissions(now);
  const expiring = await notifyExpiringCertifications(now);
  return { swept: swept.moved, expiring: expiring.notified };
}

export function startPipelineMaintenance(opts: { log: (line: string) => void; intervalMs?: number }): { stop(): void } {
  const interval = opts.intervalMs ?? pipelineMaintenanceIntervalMs();
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runPipelineMaintenance();
      if (r.swept.length) opts.log(`sweeper: moved ${r.swept.length} stuck submission(s) to error: ${r.swept.join(', ')}`);
      if (r.expiring.length) opts.log(`notified vendors of ${r.expiring.length} expiring certification(s)`);
    } catch (e) {
      opts.log(`pipeline maintenance failed, will try again: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), interval);
  const first = setTimeout(() => void round(), Math.min(interval, 5_000));
  timer.unref();
  first.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
