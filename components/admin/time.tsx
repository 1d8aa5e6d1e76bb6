// Times as UTC, the same on the server and in every viewer's browser (the audit log is evidence).
export function Time({ iso, className = '' }: { iso: string | null; className?: string }) {
  if (!iso) return <span className="text-slate-500">—</span>;
  const text = iso.slice(0, 19).replace('T', ' ') + ' UTC';
  return (
    <time dateTime={iso} className={`whitespace-nowrap tabular-nums ${className}`}>
      {text}
    </time>
  );
}
