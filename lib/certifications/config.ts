import { z } from 'zod';
import { parseCreds } from '@/certification/image/sources/auth';

// Settings of signed certifications (README.md, "Configuration"). Read on every call so tests and
// workers started with another environment see their own values.
const CertificationEnvSchema = z.object({
  /** Lifetime of one signed statement; a standing certification is re-issued before it runs out. */
  ASSAY_CERTIFICATION_DAYS: z.coerce.number().positive().max(366).default(30),
  /** Re-issue when less than this many days remain (default: a third of the lifetime). */
  ASSAY_CERTIFICATION_RENEW_DAYS: z.coerce.number().positive().optional(),
  /** How often workers re-issue expiring statements and retry failed attestation pushes. */
  ASSAY_CERTIFICATION_MAINTENANCE_SECONDS: z.coerce.number().positive().default(3600),
  ASSAY_ATTESTATION_REPOSITORY: z.string().trim().optional(),
  ASSAY_ATTESTATION_CREDS: z.string().optional(),
  ASSAY_ATTESTATION_TLS_VERIFY: z.enum(['true', 'false']).default('true'),
});

export interface CertificationConfig {
  lifetimeMs: number;
  renewBeforeMs: number;
  maintenanceIntervalMs: number;
  attestation: { repository: string; credentials?: { username: string; password: string }; tlsVerify: boolean } | null;
}

const DAY_MS = 86_400_000;

export function certificationConfig(source: NodeJS.ProcessEnv = process.env): CertificationConfig {
  const parsed = CertificationEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid certification configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const lifetimeMs = c.ASSAY_CERTIFICATION_DAYS * DAY_MS;
  return {
    lifetimeMs,
    renewBeforeMs: Math.min(lifetimeMs, (c.ASSAY_CERTIFICATION_RENEW_DAYS ?? c.ASSAY_CERTIFICATION_DAYS / 3) * DAY_MS),
    maintenanceIntervalMs: c.ASSAY_CERTIFICATION_MAINTENANCE_SECONDS * 1000,
    attestation: c.ASSAY_ATTESTATION_REPOSITORY
      ? {
          repository: c.ASSAY_ATTESTATION_REPOSITORY,
          ...(c.ASSAY_ATTESTATION_CREDS ? { credentials: parseCreds(c.ASSAY_ATTESTATION_CREDS) } : {}),
          tlsVerify: c.ASSAY_ATTESTATION_TLS_VERIFY === 'true',
        }
      : null,
  };
}
