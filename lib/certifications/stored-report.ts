import { storage } from '../storage';

// The submission's stored report, read tolerantly: the worker writes the image-facts report today
// (assay-image-facts/v1) and the engine's full certification report once certify() runs there.
// Only what publishing and the statement need is taken out of it.

export interface ReportFacts {
  platforms: string[];
  tags: string[];
  packageNames: string[];
  signed: boolean;
  grade: string | null;
  policy: { name: string; version: string; digest: string } | null;
  checks: Array<{ id: string; status: string; waived: boolean }>;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function platformString(p: unknown): string | null {
  if (typeof p === 'string') return p;
  const o = obj(p);
  if (!o || !str(o.os) || !str(o.architecture)) return null;
  return [o.os, o.architecture, o.variant].filter(Boolean).join('/');
}

export async function readStoredReport(reportKey: string | null): Promise<Json | null> {
  if (!reportKey) return null;
  const store = storage();
  if (!(await store.stat(reportKey))) return null;
  const chunks: Buffer[] = [];
  for await (const c of await store.get(reportKey)) chunks.push(Buffer.from(c as Buffer));
  try {
    return obj(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch {
    return null;
  }
}

export function reportFacts(report: Json | null): ReportFacts {
  const r = report ?? {};
  const image = obj(r.image);
  const platforms = [...new Set([...arr(r.platforms), r.platform, image?.platform].map(platformString).filter((p): p is string => !!p))];
  const tags = [...new Set(arr(image?.tags ?? r.tags).map(str).filter((t): t is string => !!t))];
  const packages = arr(r.packages ?? obj(r.sbom)?.components);
  const packageNames = [...new Set(packages.map((p) => str(obj(p)?.name)).filter((n): n is string => !!n))].sort();
  const signatures = arr(r.signatures);
  const vulnerabilities = obj(r.vulnerabilities);
  const policy = obj(r.policy);
  return {
    platforms,
    tags,
    packageNames,
    signed: signatures.some((s) => obj(s)?.verified === true),
    grade: str(vulnerabilities?.grade) ?? str(r.grade),
    policy: policy && str(policy.name) ? { name: String(policy.name), version: String(policy.version ?? ''), digest: String(policy.digest ?? '') } : null,
    checks: arr(r.checks)
      .map(obj)
      .filter((c): c is Json => !!c && !!str(c.id))
      .map((c) => ({ id: String(c.id), status: String(c.status ?? 'unknown'), waived: !!obj(c.waiver) })),
  };
}
