export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-3">
      <span className="sr-only">Loading…</span>
      <div className="h-7 w-56 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-40 rounded bg-slate-100 dark:bg-slate-900" />
    </div>
  );
}
