import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="py-12 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">This submission does not exist, or you may not see it.</p>
      <Link href="/dashboard" className="mt-4 inline-block text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
        Back to your dashboard
      </Link>
    </div>
  );
}
