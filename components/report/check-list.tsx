import { Badge } from '@/components/ui/badge';
import { WaivedBadge } from './waived-badge';
import type { ReportCheckView } from './types';

const TONE: Record<string, 'success' | 'danger' | 'warning' | 'neutral'> = { passed: 'success', failed: 'danger', error: 'danger', warning: 'warning', skipped: 'neutral' };
const ORDER: Record<string, number> = { failed: 0, error: 1, warning: 2, skipped: 3, passed: 4 };

/** Every check with its status, evidence and remediation; failures first, waived ones marked. */
export function CheckList({ checks }: { checks: ReportCheckView[] }) {
  if (!checks.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No check results were stored for this submission.</p>;
  const sorted = [...checks].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || a.id.localeCompare(b.id));
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
      {sorted.map((c) => (
        <li key={c.id} className="p-4" data-testid={`check-${c.id}`}>
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={TONE[c.status] ?? 'neutral'}>{c.status}</Badge>
            {c.waiver ? <WaivedBadge waiver={c.waiver} /> : null}
            <span className="font-medium">{c.title}</span>
            <code className="text-xs text-slate-600 dark:text-slate-400">{c.id}</code>
            {!c.required ? <span className="text-xs text-slate-600 dark:text-slate-400">(advisory)</span> : null}
          </div>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{c.message}</p>
          {c.status !== 'passed' && c.evidence.length ? (
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-slate-700 dark:text-slate-300">Evidence ({c.evidence.length})</summary>
              <ul className="mt-1 list-disc space-y-0.5 pl-5 font-mono text-xs text-slate-700 dark:text-slate-300">
                {c.evidence.map((e, i) => (
                  <li key={i}>{[e.path, e.package, e.detail].filter(Boolean).join(' — ')}</li>
                ))}
              </ul>
            </details>
          ) : null}
          {c.status !== 'passed' && c.remediation ? (
            <p className="mt-2 text-sm">
              <span className="font-medium">Remediation: </span>
              {c.remediation}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
