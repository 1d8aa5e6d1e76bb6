import { createHash } from 'node:crypto';
import { CertificationError } from '../errors';
import { canonicalJson } from './canonical-json';
import defaultPolicyJson from './default.json' with { type: 'json' };
import { ZPolicySchema, type Policy } from './schema';

export interface LoadedPolicy {
  policy: Policy;
  /** `sha256:<hex>` of the canonical JSON of the policy as given. */
  digest: string;
}

/** Validates a policy (JSON text, bytes or a parsed value); POLICY_INVALID names the failing path. */
export function parsePolicy(input: string | Buffer | unknown, where = 'policy'): LoadedPolicy {
  let json: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      json = JSON.parse(input.toString());
    } catch (e) {
      throw new CertificationError('POLICY_INVALID', `${where}: expected JSON, got a parse error (${(e as Error).message})`);
    }
  }
  const parsed = ZPolicySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    throw new CertificationError('POLICY_INVALID', `${where}: at ${path}: ${issue.message}`, { path: issue.path.map(String) });
  }
  return { policy: parsed.data, digest: policyDigest(json) };
}

export function policyDigest(json: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(json)).digest('hex')}`;
}

/** The policy shipped in certification/policy/default.json. */
export function defaultPolicy(): LoadedPolicy {
  return parsePolicy(structuredClone(defaultPolicyJson), 'certification/policy/default.json');
}
