import Link from 'next/link';
import { CatalogSearchForm } from '@/components/catalog/search-form';
import { EmptyState } from '@/components/ui/empty-state';
import { CERTIFICATION_STEPS } from '@/config/site';
import { getPlatformSettings } from '@/lib/server/admin/platform-settings';

export default async function HomePage() {
  const { platformName } = await getPlatformSettings();
  return (
    <div className="space-y-16">
      <section aria-labelledby="hero-heading" className="rounded-2xl bg-gradient-to-br from-brand-50 to-white px-6 py-12 sm:px-10 sm:py-16 dark:from-brand-700/20 dark:to-slate-950">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700 dark:text-brand-100">{platformName} catalog</p>
        <h1 id="hero-heading" className="mt-2 max-w-3xl text-3xl font-semibold tracking-tight sm:text-4xl">
          Certified container images you can verify
        </h1>
        <p className="mt-4 max-w-2xl text-slate-700 dark:text-slate-300">
          Every listing is an image from an independent vendor that passed automated checks and a human review. Each certification is signed, so you can
          check the exact digest you run.
        </p>
        <div className="mt-8">
          <CatalogSearchForm />
        </div>
      </section>

      <section aria-labelledby="how-heading">
        <h2 id="how-heading" className="text-2xl font-semibold tracking-tight">
          How certification works
        </h2>
        <ol className="mt-6 grid gap-4 md:grid-cols-3">
          {CERTIFICATION_STEPS.map((step, i) => (
            <li key={step.title} className="rounded-lg border border-slate-200 p-5 dark:border-slate-800">
              <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white">
                {i + 1}
              </span>
              <h3 className="mt-3 font-semibold">{step.title}</h3>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{step.body}</p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="featured-heading">
        <h2 id="featured-heading" className="text-2xl font-semibold tracking-tight">
          Featured listings
        </h2>
        <div className="mt-6">
          <EmptyState
            title="No certified images yet"
            action={
              <Link href="/signup" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-100">
                Are you a vendor? Create an account and submit your first image →
              </Link>
            }
          >
            Listings appear here as soon as the first vendor image is certified and approved.
          </EmptyState>
        </div>
      </section>
    </div>
  );
}
