import path from 'node:path';
import { formatPlatform, isCertificationError, type CertificationReport } from '@/certification/index';
import { TarIndex } from '@/certification/image/sources/tar-index';
import { db } from '../db/client';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import { decryptSecret } from '../crypto/secret-box';
import { storage } from '../storage';
import { credentialsContext } from '../server/submissions/create-submission';
import { toPublicStatus, transitionSubmission } from '../server/submissions/status-machine';
import type { SubmissionProgress } from '../server/submissions/present-submission';
import type { CertifyJob } from '../queue/queue';
import { pipelineConfig } from './config';
import { runCertification, type CertificationInput } from './run-certification';
import { loadCertificationInputs, type ProductWaiver } from './certification-inputs';
import { resultKeys } from './result-keys';
import type { Tx } from '../db/client';

// One certify job, start to end. Fencing: claiming bumps submissions.attempt, and every later write
// is conditional on attempt = mine (and status = certifying), so a worker presumed dead that
// finishes late writes nothing. A cancelled submission or a newer attempt aborts the engine.

export const WORKER_ACTOR: Actor = { kind: 'system', label: 'worker' };
const PROGRESS_INTERVAL_MS = 500;
const WATCH_INTERVAL_MS = 1000;

export type JobOutcome = 'awaiting-review' | 'checks-failed' | 'error' | 'skipped' | 'cancelled' | 'superseded';

interface Claimed {
  attempt: number;
  organizationId: string;
  source: 'registry' | 'archive';
  reference: string;
  storageKey: string | null;
  credentialsEncrypted: string | null;
  platform: string | null;
}

/** Takes the submission for this worker: attempt + 1, queued → certifying (or a retry of certifying). */
export async function claimSubmission(submissionId: string): Promise<Claimed | null> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: string; attempt: number }[]>`
      SELECT status::text AS status, attempt FROM submissions WHERE id = ${submissionId} FOR UPDATE`;
    const row = rows[0];
    if (!row) return null;
    const status = toPublicStatus(row.status);
    // Finished, cancelled or decided meanwhile: the job has nothing left to do.
    if (status !== 'queued' && status !== 'certifying') return null;
    const attempt = row.attempt + 1;
    const progress: SubmissionProgress = { stage: 'opening', message: 'Starting', attempt, updatedAt: new Date().toISOString() };
    const s = await tx.submission.update({
      where: { id: submissionId },
      data: { attempt, startedAt: new Date(), progress: progress as object, error: null },
      select: { organizationId: true, source: true, reference: true, storageKey: true, credentialsEncrypted: true, platform: true },
    });
    if (status === 'queued') {
      await transitionSubmission(tx, { submissionId, to: 'certifying', actor: WORKER_ACTOR, attempt, reason: `Attempt ${attempt}` });
    } else {
      // Its previous worker died or gave up: a new attempt, not a new status.
      await recordAudit(tx, {
        actor: WORKER_ACTOR,
        action: 'submission.retry',
        objectType: 'submission',
        objectId: submissionId,
        organizationId: s.organizationId,
        before: { attempt: row.attempt },
        after: { attempt },
      });
    }
    return { attempt, ...s };
  });
}

/** Writes progress only while this attempt still owns the submission; false when it does not. */
export async function writeProgress(submissionId: string, attempt: number, progress: SubmissionProgress): Promise<boolean> {
  const json = JSON.stringify({ ...progress, attempt, updatedAt: new Date().toISOString() });
  const n = await db().$executeRaw`
    UPDATE submissions SET progress = ${json}::jsonb, updated_at = now()
    WHERE id = ${submissionId} AND attempt = ${attempt} AND status = 'certifying'`;
  return n === 1;
}

/** Ends this attempt with a status, fenced; returns false (and writes nothing) when it is stale. */
export async function finishAttempt(
  submissionId: string,
  attempt: number,
  to: 'awaiting-review' | 'checks-failed' | 'error',
  data: Parameters<typeof transitionSubmission>[1]['data'],
  reason?: string,
): Promise<boolean> {
  try {
    await db().$transaction((tx) =>
      transitionSubmission(tx, { submissionId, to, actor: WORKER_ACTOR, attempt, from: ['certifying'], reason: reason ?? null, data: { ...data, finishedAt: new Date() } }),
    );
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') return false;
    throw e;
  }
}

/** Ends this attempt with its results: the status change, check results and findings in one fenced transaction. */
export async function finishWithResults(
  submissionId: string,
  attempt: number,
  to: 'awaiting-review' | 'checks-failed',
  data: Parameters<typeof transitionSubmission>[1]['data'],
  report: CertificationReport,
  waivers: ProductWaiver[],
): Promise<boolean> {
  try {
    await db().$transaction(async (tx) => {
      // The transition locks the row and checks the attempt first: a stale worker stops here.
      await transitionSubmission(tx, { submissionId, to, actor: WORKER_ACTOR, attempt, from: ['certifying'], reason: `Verdict ${report.verdict} (policy ${report.policy.name} v${report.policy.version})`, data: { ...data, finishedAt: new Date() } });
      await storeResults(tx, submissionId, report, waivers);
    }, { timeout: 60_000 });
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') return false;
    throw e;
  }
}

function waiverFor(waivers: ProductWaiver[], kinds: ProductWaiver['kind'][], target: string): string | null {
  return waivers.find((w) => kinds.includes(w.kind) && w.target === target)?.id ?? null;
}

async function storeResults(tx: Tx, submissionId: string, report: CertificationReport, waivers: ProductWaiver[]): Promise<void> {
  await tx.checkResult.deleteMany({ where: { submissionId } });
  await tx.finding.deleteMany({ where: { submissionId } });
  await tx.checkResult.createMany({
    data: report.checks.map((c) => ({
      submissionId,
      checkId: c.id,
      title: c.title,
      status: c.status,
      required: c.required,
      message: c.message,
      remediation: c.remediation,
      evidence: c.evidence as object[],
      waiverId: c.waiver ? waiverFor(waivers, ['check', 'policy_exception'], c.id) : null,
    })),
  });
  const findings = report.vulnerabilities?.findings ?? [];
  if (findings.length) {
    await tx.finding.createMany({
      skipDuplicates: true,
      data: findings.map((f) => ({
        submissionId,
        key: f.key,
        advisoryId: f.id,
        aliases: f.aliases,
        packageName: f.package,
        installedVersion: f.installed,
        fixedVersion: f.fixed,
        severity: f.severity,
        published: f.published ? new Date(f.published) : null,
        waiverId: f.waiver ? waiverFor(waivers, ['finding'], f.key) : null,
      })),
    });
  }
}

// Source string for the engine: registry references as stored; archives from storage, in the
// format named at upload or found in the tar (oci-layout → oci-archive, manifest.json → docker-archive).
async function engineSource(claimed: Claimed, signal: AbortSignal): Promise<string> {
  if (claimed.source === 'registry') return claimed.reference;
  if (!claimed.storageKey) throw new AppError('INTERNAL', 'archive submission without a stored archive');
  const file = storage().localPath(claimed.storageKey);
  const declared = /^(oci-archive|docker-archive):/.exec(claimed.reference)?.[1];
  if (declared) return `${declared}:${file}`;
  const index = await TarIndex.open(file, signal);
  const names = new Set(index.names());
  if (names.has('oci-layout') || names.has('index.json')) return `oci-archive:${file}`;
  if (names.has('manifest.json')) return `docker-archive:${file}`;
  throw new AppError('VALIDATION_FAILED', `${path.basename(file)}: expected an image archive — an oci-archive (with oci-layout and index.json) or a docker-archive (with manifest.json) — got a tar with neither`);
}

function describeError(e: unknown, claimed: Claimed, reasons: { timedOut: boolean; timeoutSeconds: number }): string {
  if (reasons.timedOut) return `Certification exceeded its time limit of ${reasons.timeoutSeconds} s and was stopped.`;
  const message = isCertificationError(e) || e instanceof AppError ? e.message : null;
  if (!message) return 'Certification failed because of an internal error; it has been logged.';
  // Archive paths are the platform's, not the vendor's: show the vendor's file name instead.
  if (claimed.storageKey) return message.split(storage().localPath(claimed.storageKey)).join(claimed.reference.replace(/^[a-z-]+:/, ''));
  return message;
}

export interface RunJobOptions {
  /** The pg-boss job is on its last try: an unexpected failure ends the submission as error. */
  lastTry?: boolean;
  log?: (line: string) => void;
}

/** Runs one certify job. Engine errors end the submission as `error`; only unexpected failures throw (and retry). */
export async function runJob(job: CertifyJob, opts: RunJobOptions = {}): Promise<JobOutcome> {
  const log = opts.log ?? (() => undefined);
  const claimed = await claimSubmission(job.submissionId);
  if (!claimed) return 'skipped';
  const { attempt } = claimed;
  const config = pipelineConfig();
  const stop = new AbortController();
  const timeout = AbortSignal.timeout(config.ASSAY_JOB_TIMEOUT_SECONDS * 1000);
  const signal = AbortSignal.any([stop.signal, timeout]);
  let lost: 'cancelled' | 'superseded' | null = null;

  // Cancellation and lost ownership: look at the row every second and abort the engine when it moved on.
  const ownership = async (): Promise<'cancelled' | 'superseded' | null> => {
    const row = await db().submission.findUnique({ where: { id: job.submissionId }, select: { status: true, attempt: true } });
    if (!row || row.attempt !== attempt) return 'superseded';
    if (row.status !== 'certifying') return toPublicStatus(row.status) === 'cancelled' ? 'cancelled' : 'superseded';
    return null;
  };
  const watch = setInterval(() => {
    ownership()
      .then((l) => {
        if (l && !lost) {
          lost = l;
          stop.abort(new Error(l));
        }
      })
      .catch(() => undefined);
  }, WATCH_INTERVAL_MS);

  let pending: SubmissionProgress | null = null;
  let lastWrite = 0;
  let writing = false;
  const flush = async () => {
    if (!pending || writing) return;
    const p = pending;
    pending = null;
    writing = true;
    lastWrite = Date.now();
    try {
      if (!(await writeProgress(job.submissionId, attempt, p)) && !lost) {
        lost = 'superseded';
        stop.abort(new Error('superseded'));
      }
    } catch {
      // A missed progress update is harmless; the next one carries the newer state.
    } finally {
      writing = false;
    }
  };
  const onProgress: CertificationInput['onProgress'] = (p) => {
    pending = { ...p };
    if (Date.now() - lastWrite >= PROGRESS_INTERVAL_MS) void flush();
  };
  const ticker = setInterval(() => void flush(), PROGRESS_INTERVAL_MS);

  try {
    const credentials = claimed.credentialsEncrypted
      ? (JSON.parse(decryptSecret(claimed.credentialsEncrypted, { context: credentialsContext(job.submissionId) })) as { username: string; password: string })
      : undefined;
    const source = await engineSource(claimed, signal);
    const inputs = await loadCertificationInputs(job.submissionId);
    const outcome = await runCertification({
      source,
      platform: claimed.platform,
      credentials,
      insecureRegistries: config.ASSAY_INSECURE_REGISTRIES,
      registryAllow: config.ASSAY_REGISTRY_ALLOW,
      policy: inputs.policy.loaded,
      trust: inputs.trust,
      lookaside: inputs.lookaside,
      identity: inputs.identity,
      advisories: inputs.advisories,
      waivers: inputs.waivers,
      signal,
      onProgress,
    });
    signal.throwIfAborted();
    clearInterval(ticker);
    const keys = resultKeys(job.submissionId, attempt);
    // The report names the platform's policy version (the engine only knows the document's own fields).
    const report = { ...outcome.report, policy: { ...outcome.report.policy, id: inputs.policy.id, name: inputs.policy.name, version: String(inputs.policy.version), digest: inputs.policy.digest } };
    await storage().put(keys.report, JSON.stringify(report, null, 2));
    await storage().put(keys.cyclonedx, JSON.stringify(outcome.sboms.cyclonedx, null, 2));
    await storage().put(keys.spdx, JSON.stringify(outcome.sboms.spdx, null, 2));
    const r = outcome.report;
    const written = await finishWithResults(job.submissionId, attempt, outcome.status, {
      digest: r.image.digest,
      indexDigest: outcome.indexDigest,
      platform: formatPlatform(r.image.platform),
      reportKey: keys.report,
      policyId: inputs.policy.id,
      verdict: r.verdict === 'certifiable' ? 'certifiable' : 'not_certifiable',
      grade: r.vulnerabilities?.grade ?? null,
      baseOsId: r.baseOs.id,
      baseOsVersion: r.baseOs.versionId,
      progress: { stage: 'done', message: r.verdict === 'certifiable' ? 'Certifiable: waiting for review' : 'Not certifiable: required checks failed', attempt, layersRead: r.image.layers, layersTotal: r.image.layers },
    }, report, inputs.waiverRows);
    if (!written) {
      await Promise.all([keys.report, keys.cyclonedx, keys.spdx].map((k) => storage().delete(k)));
      log(`submission ${job.submissionId} attempt ${attempt}: superseded, result discarded`);
      return 'superseded';
    }
    log(`submission ${job.submissionId} attempt ${attempt}: ${outcome.status} (${r.image.digest}, policy v${inputs.policy.version}, grade ${r.vulnerabilities?.grade ?? '-'})`);
    return outcome.status;
  } catch (e) {
    // A cancel between two looks of the watcher, when the time limit or an error struck first.
    if (!lost) lost = await ownership().catch(() => null);
    if (lost) {
      log(`submission ${job.submissionId} attempt ${attempt}: ${lost}, engine stopped`);
      return lost;
    }
    const expected = isCertificationError(e) || (e instanceof AppError && e.code !== 'INTERNAL') || timeout.aborted;
    if (!expected && !opts.lastTry) throw e;
    if (!expected) console.error(`[worker] submission ${job.submissionId} attempt ${attempt} failed:`, e);
    const message = describeError(e, claimed, { timedOut: timeout.aborted, timeoutSeconds: config.ASSAY_JOB_TIMEOUT_SECONDS });
    const written = await finishAttempt(job.submissionId, attempt, 'error', { error: message, progress: { stage: 'error', message, attempt } }, message);
    log(`submission ${job.submissionId} attempt ${attempt}: error${written ? '' : ' (stale, not written)'}: ${message}`);
    return written ? 'error' : 'superseded';
  } finally {
    clearInterval(watch);
    clearInterval(ticker);
  }
}
