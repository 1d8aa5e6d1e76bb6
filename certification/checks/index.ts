import type { AppliedWaiver } from '../report/waivers';
import { activeWaiver } from '../report/waivers';
import { baseOsIdentified } from './base-os-identified';
import { baseOsNoProhibitedPackages } from './base-os-no-prohibited-packages';
import { baseOsSupported } from './base-os-supported';
import { baseOsUnmodifiedPackages } from './base-os-unmodified-packages';
import { hygieneLayerCount } from './hygiene-layer-count';
import { hygieneLicenses } from './hygiene-licenses';
import { hygieneRequiredLabels } from './hygiene-required-labels';
import { hygieneUniqueTag } from './hygiene-unique-tag';
import { securityNoEmbeddedSecrets } from './security-no-embedded-secrets';
import { securityNoFileCapabilities } from './security-no-file-capabilities';
import { securityNoPrivilegedRunLabel } from './security-no-privileged-run-label';
import { securityNonRootUser } from './security-non-root-user';
import { securityPrivilegedPorts } from './security-privileged-ports';
import { securitySetuidFiles } from './security-setuid-files';
import { securityWorldWritable } from './security-world-writable';
import { signatureVerified } from './signature-verified';
import type { CheckContext, CheckDefinition, CheckEvidence, CheckId, CheckStatus, SkipCode } from './types';
import { vulnerabilitiesPolicy } from './vulnerabilities-policy';

/** Every check, in report order. */
export const CHECKS: readonly CheckDefinition<never>[] = [
  signatureVerified,
  baseOsIdentified,
  baseOsSupported,
  baseOsUnmodifiedPackages,
  baseOsNoProhibitedPackages,
  securityNonRootUser,
  securityNoPrivilegedRunLabel,
  securityNoFileCapabilities,
  securityNoEmbeddedSecrets,
  securitySetuidFiles,
  securityWorldWritable,
  securityPrivilegedPorts,
  hygieneRequiredLabels,
  hygieneUniqueTag,
  hygieneLayerCount,
  hygieneLicenses,
  vulnerabilitiesPolicy,
] as CheckDefinition<never>[];

/** One entry of the report's `checks` array. */
export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  required: boolean;
  message: string;
  remediation: string;
  evidence: CheckEvidence[];
  skipCode?: SkipCode;
  waiver?: AppliedWaiver;
}

export function checkById(id: string): CheckDefinition<never> | undefined {
  return CHECKS.find((c) => c.id === id);
}

/**
 * Runs every check against one context. The policy decides required or warning: a warning check
 * reports only `passed` or `warning` (its skip becomes a pass that says why). A check that throws
 * reports `error` with the reason instead of stopping the others.
 */
/** Runs one check and applies the policy (required or warning) and any active waiver. */
function runCheck(ctx: CheckContext, check: (typeof CHECKS)[number]): CheckResult {
  const params = (ctx.policy.checks[check.id] ?? {}) as { required?: boolean };
  const required = params.required ?? check.defaultRequired;
  let out;
  try {
    out = check.run(ctx, params as never);
  } catch (e) {
    out = { status: 'error' as const, message: `The check could not run: ${e instanceof Error ? e.message : String(e)}`, evidence: [] };
  }
  let status = out.status;
  let message = out.message;
  if (!required) {
    if (status === 'failed' || status === 'error') status = 'warning';
    else if (status === 'skipped') {
      status = 'passed';
      message = `Not applicable: ${message}`;
    }
  }
  const result: CheckResult = { id: check.id, title: check.title, status, required, message, remediation: check.remediation, evidence: out.evidence };
  if (out.skipCode && status === 'skipped') result.skipCode = out.skipCode;
  const waiver = status === 'passed' ? undefined : activeWaiver(ctx.waivers, { check: check.id }, ctx.at);
  if (waiver) result.waiver = waiver;
  return result;
}

export function runChecks(ctx: CheckContext): CheckResult[] {
  return CHECKS.map((check) => runCheck(ctx, check));
}

/**
 * The same, telling which check is running and yielding to the event loop between checks, so a
 * caller (the platform's worker) can publish progress and honour cancellation while checks run.
 */
export async function runChecksWithProgress(
  ctx: CheckContext,
  onCheck: (progress: { check: string; checksDone: number; checksTotal: number }) => void,
  signal?: AbortSignal,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    signal?.throwIfAborted();
    onCheck({ check: check.id, checksDone: results.length, checksTotal: CHECKS.length });
    results.push(runCheck(ctx, check));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}
