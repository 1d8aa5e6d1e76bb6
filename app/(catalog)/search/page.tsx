import type { Metadata } from 'next';
import { CatalogSearchForm } from '@/components/catalog/search-form';
import { EmptyState } from '@/components/ui/empty-state';

export const metadata: Metadata = { title: 'Search' };

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 200) ?? '';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{q ? <>Results for “{q}”</> : 'Search the catalog'}</h1>
      <CatalogSearchForm defaultValue={q} size="md" />
      {q ? (
        <EmptyState title="No certified images match yet">
          Nothing in the catalog matches “{q}”. The catalog fills up as vendors’ images are certified; try again later or search for a vendor’s name.
        </EmptyState>
      ) : (
        <p className="text-slate-600 dark:text-slate-400">Type a product, vendor or image digest.</p>
      )}
    </div>
  );
}
