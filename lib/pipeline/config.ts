import { z } from 'zod';

// The certification pipeline's settings (README.md, "Configuration"). Read on every call so tests
// and workers started with a different environment see their own values.
const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(/[\s,]+/).map((s) => s.trim()).filter(Boolean));

const PipelineEnvSchema = z.object({
  WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  ASSAY_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(10 * 1024 ** 3),
  /** Largest OSV zip an admin may upload as an advisory database. */
  ASSAY_MAX_ADVISORY_UPLOAD_BYTES: z.coerce.number().int().positive().default(2 * 1024 ** 3),
  /** The per-job time limit: the engine is aborted through its AbortSignal when it passes. */
  ASSAY_JOB_TIMEOUT_SECONDS: z.coerce.number().positive().default(1800),
  /** How long after a claim a job counts as abandoned (its worker presumed dead) and is retried. */
  ASSAY_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).optional(),
  ASSAY_JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(3),
  ASSAY_JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).default(30),
  ASSAY_QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).default(30),
  ASSAY_QUEUE_POLL_SECONDS: z.coerce.number().min(0.5).default(2),
  /** Registries reached over plain HTTP (host[:port]); everything else uses verified HTTPS. */
  ASSAY_INSECURE_REGISTRIES: list,
  /** Hosts or CIDRs the SSRF guard lets workers reach although they are internal (a private registry). */
  ASSAY_REGISTRY_ALLOW: list,
});

export type PipelineConfig = z.infer<typeof PipelineEnvSchema> & { jobExpireSeconds: number };

export function pipelineConfig(source: NodeJS.ProcessEnv = process.env): PipelineConfig {
  const parsed = PipelineEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid pipeline configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // A live worker always gives up (time limit) before its job counts as abandoned.
  const jobExpireSeconds = Math.max(c.ASSAY_JOB_EXPIRE_SECONDS ?? 0, Math.ceil(c.ASSAY_JOB_TIMEOUT_SECONDS) + 3);
  return { ...c, jobExpireSeconds };
}
