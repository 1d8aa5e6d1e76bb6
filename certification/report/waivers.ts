import { z } from 'zod';
import { CertificationError } from '../errors';

// Waivers: a reviewer's documented exception for one check or one vulnerability finding, honoured
// until it expires. An expired waiver is ignored, never an error: the item simply counts again.

const ZWaiverSchema = z
  .strictObject({
    check: z.string().min(1).optional().describe('Check id, e.g. security.setuid-files'),
    finding: z.string().min(1).optional().describe('Finding key (advisory id + package)'),
    reason: z.string().min(1),
    justification: z.string().min(1),
    expires: z.string().refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 date'),
    by: z.string().min(1),
  })
  .refine((w) => (w.check === undefined) !== (w.finding === undefined), 'expected exactly one of "check" or "finding"');

const ZWaiversFileSchema = z.union([z.array(ZWaiverSchema), z.strictObject({ waivers: z.array(ZWaiverSchema) })]);

export type Waiver = z.infer<typeof ZWaiverSchema>;

/** The waiver as the report shows it. */
export interface AppliedWaiver {
  reason: string;
  justification: string;
  expires: string;
  by: string;
}

export function parseWaivers(input: string | Buffer | unknown, where = 'waivers'): Waiver[] {
  let json: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      json = JSON.parse(input.toString());
    } catch (e) {
      throw new CertificationError('WAIVERS_INVALID', `${where}: expected JSON, got a parse error (${(e as Error).message})`);
    }
  }
  const parsed = ZWaiversFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    throw new CertificationError('WAIVERS_INVALID', `${where}: at ${path}: ${issue.message}`, { path: issue.path.map(String) });
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.waivers;
}

/** A date-only expiry covers that whole day (UTC); a full timestamp is taken as written. */
export function waiverExpiry(w: Waiver): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(w.expires) ? Date.parse(`${w.expires}T23:59:59.999Z`) : Date.parse(w.expires);
}

export function activeWaiver(waivers: Waiver[], target: { check: string } | { finding: string }, at: Date): AppliedWaiver | undefined {
  const w = waivers.find(
    (w) => ('check' in target ? w.check === target.check : w.finding === target.finding) && waiverExpiry(w) >= at.getTime(),
  );
  return w ? { reason: w.reason, justification: w.justification, expires: w.expires, by: w.by } : undefined;
}
