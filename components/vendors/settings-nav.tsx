'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { FOCUS_RING } from '@/components/ui/button';

export function SettingsNav({ slug }: { slug: string }) {
  const pathname = usePathname();
  const base = `/vendors/${slug}/settings`;
  const items = [
    { href: base, label: 'Profile' },
    { href: `${base}/members`, label: 'Members' },
    { href: `${base}/tokens`, label: 'API tokens' },
    { href: `${base}/keys`, label: 'Signing keys' },
    { href: `${base}/webhooks`, label: 'Webhooks' },
  ];
  return (
    <nav aria-label="Organization settings" className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800">
      {items.map((item) => {
        const current = pathname === item.href;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? 'page' : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm ${FOCUS_RING} ${
              current ? 'border-brand-600 font-medium text-brand-700 dark:text-brand-100' : 'border-transparent text-slate-700 hover:text-brand-700 dark:text-slate-300'
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
