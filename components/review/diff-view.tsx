import Link from 'next/link';
import type { SubmissionDiff } from '@/lib/server/reviews/diff-submissions';

/** What changed since the product's previous published version. */
export function DiffView({ diff }: { diff: SubmissionDiff }) {
  if (!diff.previous) return <p className="text-sm text-slate-600 dark:text-slate-400">This is the product’s first certified version: nothing to compare with.</p>;
  const p = diff.packages;
  return (
    <div className="space-y-4 text-sm">
      <p>
        Compared with{' '}
        <Link href={`/review/${diff.previous.submissionId}`} className="font-mono text-xs text-brand-700 underline dark:text-brand-100">
          {diff.previous.digest.slice(0, 19)}…
        </Link>{' '}
        certified {new Date(diff.previous.certifiedAt).toISOString().slice(0, 10)}.
      </p>
      {p ? (
        <div className="grid gap-4 md:grid-cols-3">
          <DiffList title={`Added (${p.added.length})`} items={p.added.map((x) => `${x.name} ${x.version}`)} />
          <DiffList title={`Removed (${p.removed.length})`} items={p.removed.map((x) => `${x.name} ${x.version}`)} />
          <DiffList title={`Updated (${p.updated.length})`} items={p.updated.map((x) => `${x.name} ${x.from} → ${x.to}`)} />
        </div>
      ) : (
        <p className="text-slate-600 dark:text-slate-400">No package lists to compare (one of the two versions has no stored SBOM).</p>
      )}
      <div>
        <h3 className="font-medium">Checks that changed ({diff.checks.length})</h3>
        {diff.checks.length ? (
          <ul className="mt-1 list-disc pl-5">
            {diff.checks.map((c) => (
              <li key={c.checkId}>
                <code className="text-xs">{c.checkId}</code>: {c.from ?? 'absent'} → {c.to ?? 'absent'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-600 dark:text-slate-400">No check changed status.</p>
        )}
      </div>
    </div>
  );
}

function DiffList({ title, items }: { title: string; items: string[] }) {
  return (
    <div>
      <h3 className="font-medium">{title}</h3>
      <ul className="mt-1 max-h-48 overflow-y-auto font-mono text-xs">
        {items.length ? items.map((i) => <li key={i}>{i}</li>) : <li className="text-slate-600 dark:text-slate-400">none</li>}
      </ul>
    </div>
  );
}
