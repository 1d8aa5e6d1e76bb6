import { FOCUS_RING, buttonClasses } from '@/components/ui/button';

// A plain GET form to /search, so it works without JavaScript and the URL can be shared.
export function CatalogSearchForm({ defaultValue = '', size = 'lg' }: { defaultValue?: string; size?: 'lg' | 'md' }) {
  return (
    <form action="/search" method="get" role="search" aria-label="Search the catalog" className="flex w-full max-w-2xl gap-2">
      <label htmlFor="catalog-q" className="sr-only">
        Search certified images
      </label>
      <input
        id="catalog-q"
        name="q"
        type="search"
        defaultValue={defaultValue}
        placeholder="Search by product, vendor or image digest"
        maxLength={200}
        className={`block w-full rounded-md border border-slate-300 bg-white text-slate-900 placeholder:text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 ${FOCUS_RING} ${
          size === 'lg' ? 'px-4 py-3 text-base' : 'px-3 py-2 text-sm'
        }`}
      />
      <button type="submit" className={`${buttonClasses('primary')} ${size === 'lg' ? 'px-5' : ''}`}>
        Search
      </button>
    </form>
  );
}
