import type { CheckResult } from '../checks/index';
import type { Policy } from '../policy/schema';

export type Verdict = 'certifiable' | 'not-certifiable';

/** Skips the policy exempts: a scratch image has no base OS to judge when the policy allows it. */
export function skipExempt(result: CheckResult, policy: Policy): boolean {
  return result.status === 'skipped' && result.skipCode === 'no-base-os' && policy.exemptions?.scratch === true;
}

/** Certifiable when every required check passed, is waived, or is a skip the policy exempts. Warnings never block. */
export function decideVerdict(results: CheckResult[], policy: Policy): Verdict {
  return blockingChecks(results, policy).length === 0 ? 'certifiable' : 'not-certifiable';
}

/** The required checks that keep an image from certification, for messages and exit codes. */
export function blockingChecks(results: CheckResult[], policy: Policy): CheckResult[] {
  return results.filter((r) => r.required && r.status !== 'passed' && !r.waiver && !skipExempt(r, policy));
}
