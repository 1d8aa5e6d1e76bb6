import { canonicalJson } from '../../audit/canonical';

export interface ChangeLine {
  key: string;
  before?: string;
  after?: string;
}

const show = (v: unknown): string => {
  if (v === null || v === undefined) return '∅';
  const s = typeof v === 'string' ? v : canonicalJson(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};

/**
 * A short before/after summary for the audit table: the top-level keys that differ, each as
 * "key: before → after"; keys equal on both sides (like an email identifying the object) are shown
 * once as context.
 */
export function summarizeChange(before: unknown, after: unknown): { changed: ChangeLine[]; context: ChangeLine[] } {
  const b = isRecord(before) ? before : before == null ? {} : { value: before };
  const a = isRecord(after) ? after : after == null ? {} : { value: after };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const changed: ChangeLine[] = [];
  const context: ChangeLine[] = [];
  for (const key of keys) {
    const inB = key in b;
    const inA = key in a;
    if (inB && inA && canonicalJson(b[key]) === canonicalJson(a[key])) context.push({ key, after: show(a[key]) });
    else changed.push({ key, ...(inB ? { before: show(b[key]) } : {}), ...(inA ? { after: show(a[key]) } : {}) });
  }
  return { changed, context };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
