import { db } from '../db/client';
import { AppError } from '../errors';
import { CERTIFY_QUEUE, QUEUE_SCHEMA } from '../queue/queue';
import { transitionSubmission } from '../server/submissions/status-machine';
import { pipelineConfig } from './config';
import { WORKER_ACTOR } from './run-job';

// A submission whose every retry was used up by worker crashes stays `certifying` with no job left
// to finish it. The sweeper ends such submissions with `error` (through the status machine, fenced
// by attempt) once nothing in the queue can still move them.

export interface SweepResult {
  moved: string[];
}

/** Certify jobs of these states may still run the submission: leave it alone. */
const LIVE_STATES = ['created', 'retry', 'active'];

export async function sweepStuckSubmissions(now: Date = new Date()): Promise<SweepResult> {
  const c = pipelineConfig();
  // Older than one time limit plus one expiry: a live worker writes progress far more often.
  const cutoff = new Date(now.getTime() - (c.ASSAY_JOB_TIMEOUT_SECONDS + c.jobExpireSeconds) * 1000);
  const rows = await db().$queryRawUnsafe<{ id: string; attempt: number }[]>(
    `SELECT s.id, s.attempt FROM submissions s
     WHERE s.status = 'certifying' AND s.updated_at < $1
       AND NOT EXISTS (
         SELECT 1 FROM ${QUEUE_SCHEMA}.job j
         WHERE j.name = $2 AND j.data->>'submissionId' = s.id AND j.state::text = ANY($3::text[]))
     ORDER BY s.updated_at LIMIT 100`,
    cutoff,
    CERTIFY_QUEUE,
    LIVE_STATES,
  );
  const moved: string[] = [];
  for (const row of rows) {
    const reason = `Certification stopped: every attempt (${row.attempt}) ended without a result — the worker stopped or was restarted. Submit the image again.`;
    try {
      await db().$transaction((tx) =>
        transitionSubmission(tx, {
          submissionId: row.id,
          to: 'error',
          actor: WORKER_ACTOR,
          from: ['certifying'],
          attempt: row.attempt,
          reason,
          data: { error: reason, finishedAt: now },
        }),
      );
      moved.push(row.id);
    } catch (e) {
      // A late worker finished it (or a retry claimed it) between the query and the lock.
      if (e instanceof AppError && e.code === 'CONFLICT') continue;
      throw e;
    }
  }
  return { moved };
}
