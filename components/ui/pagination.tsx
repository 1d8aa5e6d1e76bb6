import Link from 'next/link';
import { buttonClasses } from './button';

// Previous/next links that keep the other query parameters (filters) of the current page.
export function Pagination({
  basePath,
  params,
  page,
  pageSize,
  total,
}: {
  basePath: string;
  params: Record<string, string>;
  page: number;
  pageSize: number;
  total: number;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const q = new URLSearchParams({ ...params, page: String(p) });
    return `${basePath}?${q.toString()}`;
  };
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-slate-600 dark:text-slate-400">
        {total === 0 ? 'No results' : `${first}–${last} of ${total}`} · page {page} of {pages}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className={buttonClasses('secondary', 'sm')} href={href(page - 1)} rel="prev">
            ← Previous
          </Link>
        ) : (
          <span aria-disabled="true" className={`${buttonClasses('secondary', 'sm')} pointer-events-none opacity-50`}>
            ← Previous
          </span>
        )}
        {page < pages ? (
          <Link className={buttonClasses('secondary', 'sm')} href={href(page + 1)} rel="next">
            Next →
          </Link>
        ) : (
          <span aria-disabled="true" className={`${buttonClasses('secondary', 'sm')} pointer-events-none opacity-50`}>
            Next →
          </span>
        )}
      </div>
    </nav>
  );
}
