import { z } from 'zod';
import { CertificationError } from '../errors';

// The subset of the OSV schema (ossf.github.io/osv-schema) the engine uses, tolerant of what real
// distro feeds publish: unknown keys are dropped, optional lists may be null, severity types are free
// text (Ubuntu writes a non-standard `Ubuntu` type), purls are kept as written (some are malformed).

const optionalList = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

const version = z.string().transform((s) => s.trim());

const ZOsvEventSchema = z.object({
  introduced: version.optional(),
  fixed: version.optional(),
  last_affected: version.optional(),
  limit: version.optional(),
});

const ZOsvRangeSchema = z.object({
  type: z.string(),
  repo: z.string().nullish(),
  events: optionalList(ZOsvEventSchema),
});

const ZOsvSeveritySchema = z.object({
  type: z.string(),
  score: z.union([z.string(), z.number()]).transform(String),
});

const ZOsvAffectedSchema = z.object({
  package: z
    .object({
      ecosystem: z.string(),
      name: z.string(),
      purl: z.string().nullish(),
    })
    .nullish(),
  severity: optionalList(ZOsvSeveritySchema),
  ranges: optionalList(ZOsvRangeSchema),
  versions: optionalList(version),
  ecosystem_specific: z.unknown().optional(),
  database_specific: z.unknown().optional(),
});

const timestamp = z.string().transform((text, ctx) => {
  try {
    return parseOsvTimestamp(text);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

export const ZOsvRecordSchema = z.object({
  schema_version: z.string().nullish(),
  id: z.string().min(1),
  modified: timestamp.nullish(),
  published: timestamp.nullish(),
  withdrawn: timestamp.nullish(),
  aliases: optionalList(z.string()),
  upstream: optionalList(z.string()),
  related: optionalList(z.string()),
  summary: z.string().nullish(),
  details: z.string().nullish(),
  severity: optionalList(ZOsvSeveritySchema),
  affected: optionalList(ZOsvAffectedSchema),
  database_specific: z.unknown().optional(),
});

export type TOsvRecord = z.infer<typeof ZOsvRecordSchema>;
export type TOsvAffected = z.infer<typeof ZOsvAffectedSchema>;
export type TOsvRange = z.infer<typeof ZOsvRangeSchema>;
export type TOsvEvent = z.infer<typeof ZOsvEventSchema>;
export type TOsvSeverity = z.infer<typeof ZOsvSeveritySchema>;

/** Validates one parsed JSON value as an OSV record; throws ADVISORY_INVALID naming where it came from. */
export function parseOsvRecord(json: unknown, where: string): TOsvRecord {
  const result = ZOsvRecordSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue.path.length > 0 ? issue.path.join('.') : '(record)';
  throw new CertificationError('ADVISORY_INVALID', `${where}: expected an OSV record, ${at}: ${issue.message}`, {
    path: where,
    field: at,
  });
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

/**
 * RFC 3339 timestamp → epoch milliseconds, exact to the millisecond (extra fraction digits are
 * truncated, never rounded up into the next second). Handles 0 to 9 fraction digits, `Z` or an
 * offset, and a bare date (midnight UTC). `Date.parse` is not used: engines disagree beyond 3 digits.
 */
export function parseOsvTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text.trim());
  const fail = (why: string) =>
    new CertificationError('ADVISORY_INVALID', `expected an RFC 3339 timestamp, got ${JSON.stringify(text)}: ${why}`);
  if (!m) throw fail('not of the form YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12) throw fail(`month ${month} out of range`);
  if (day < 1 || day > daysInMonth(year, month)) throw fail(`day ${day} out of range`);
  if (hour > 23 || minute > 59 || second > 60) throw fail('time of day out of range');
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const z2 = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const [oh, om] = [Number(z2[2]), Number(z2[3])];
    if (oh > 23 || om > 59) throw fail(`offset ${zone} out of range`);
    offsetMinutes = (z2[1] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  // setUTCFullYear keeps years 0–99 literal, which Date.UTC would shift into the 1900s.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, Math.min(second, 59), millis);
  return d.getTime() - offsetMinutes * 60_000;
}

/** Epoch milliseconds → `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** Every other identifier of the advisory: aliases, then upstream, then related, first seen wins. */
export function advisoryAliases(record: TOsvRecord): string[] {
  const seen = new Set<string>();
  for (const id of [...record.aliases, ...record.upstream, ...record.related]) {
    if (id && id !== record.id) seen.add(id);
  }
  return [...seen];
}
