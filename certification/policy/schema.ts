import { z } from 'zod';

// The certification policy: which checks are required and their parameters. Kept in step with
// certification/policy.schema.json (a test holds the two together).

const ZDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

const ZReleaseSchema = z.strictObject({
  line: z.string().min(1).describe('Release line as users know it: RHEL 9, Alpine 3.20, Debian 12, Ubuntu 24.04'),
  eol: ZDateSchema.describe('Last day of the longest public support phase'),
  phase: z.string().optional().describe('Which support phase the date ends (maintenance, LTS, standard…)'),
});

const ZDistributionSchema = z.strictObject({
  name: z.string().min(1),
  ids: z.array(z.string().min(1)).min(1).describe('os-release ID values of this distribution'),
  lineBy: z.enum(['major', 'major.minor']).describe('How VERSION_ID maps to a release line'),
  releases: z.array(ZReleaseSchema).min(1),
});

const required = { required: z.boolean().optional() };
const plain = z.strictObject(required);

export const ZPolicyChecksSchema = z.strictObject({
  'signature.verified': plain.optional(),
  'base-os.identified': plain.optional(),
  'base-os.supported': z.strictObject({ ...required, distributions: z.array(ZDistributionSchema).optional() }).optional(),
  'base-os.unmodified-packages': z.strictObject({ ...required, ignorePaths: z.array(z.string().startsWith('/')).optional() }).optional(),
  'base-os.no-prohibited-packages': z.strictObject({ ...required, patterns: z.array(z.string().min(1)).optional() }).optional(),
  'security.non-root-user': plain.optional(),
  'security.no-privileged-run-label': plain.optional(),
  'security.no-file-capabilities': plain.optional(),
  'security.no-embedded-secrets': z
    .strictObject({
      ...required,
      rules: z
        .strictObject({
          privateKeys: z.boolean().optional(),
          cloudKeys: z.boolean().optional(),
          tokens: z.boolean().optional(),
          gitCredentials: z.boolean().optional(),
          envFiles: z.boolean().optional(),
        })
        .optional(),
      maxFileBytes: z.number().int().positive().optional().describe('Files up to this size are scanned whatever their name'),
      maxScanBytes: z.number().int().positive().optional().describe('Budget of small-file bytes kept for the scan'),
      ignorePaths: z.array(z.string().startsWith('/')).optional(),
    })
    .optional(),
  'security.setuid-files': plain.optional(),
  'security.world-writable': plain.optional(),
  'security.privileged-ports': z.strictObject({ ...required, below: z.number().int().min(1).max(65536).optional() }).optional(),
  'hygiene.required-labels': z.strictObject({ ...required, labels: z.array(z.string().min(1)).optional() }).optional(),
  'hygiene.unique-tag': plain.optional(),
  'hygiene.layer-count': z.strictObject({ ...required, maxLayers: z.number().int().positive().optional() }).optional(),
  'hygiene.licenses': plain.optional(),
  'vulnerabilities.policy': z
    .strictObject({
      ...required,
      severityThreshold: z.enum(SEVERITIES).optional().describe('Findings at or above this severity gate'),
      graceDays: z.number().int().min(0).optional().describe('Days a fix may be available before the finding gates'),
      gateUnknown: z.boolean().optional().describe('Treat findings of unknown severity as gating'),
    })
    .optional(),
});

export const ZPolicySchema = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  exemptions: z
    .strictObject({
      scratch: z.boolean().optional().describe('Images with no OS (scratch, static distroless) may skip the base-os checks'),
    })
    .optional(),
  checks: ZPolicyChecksSchema,
});

export type Policy = z.infer<typeof ZPolicySchema>;
export type PolicyChecks = z.infer<typeof ZPolicyChecksSchema>;
export type Distribution = z.infer<typeof ZDistributionSchema>;
export type PolicySeverity = (typeof SEVERITIES)[number];
