// Placeholders while a page's data loads: a heading and a block, or a heading and list rows.
export function PageSkeleton({ label = 'page' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-3">
      <span className="sr-only">Loading {label}…</span>
      <div className="h-7 w-56 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-40 rounded bg-slate-100 dark:bg-slate-900" />
    </div>
  );
}

export function ListSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <span className="sr-only">Loading {label}…</span>
      <div className="h-8 w-48 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-10 w-full rounded bg-slate-100 dark:bg-slate-900" />
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-12 w-full rounded bg-slate-100 dark:bg-slate-900" />
      ))}
    </div>
  );
}
