import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning' | 'error';

const TONES: Record<Tone, string> = {
  info: 'border-brand-500/40 bg-brand-50 text-brand-700 dark:bg-brand-700/20 dark:text-brand-100',
  success: 'border-emerald-600/40 bg-emerald-50 text-emerald-900 dark:bg-emerald-900/30 dark:text-emerald-100',
  warning: 'border-amber-600/40 bg-amber-50 text-amber-900 dark:bg-amber-900/30 dark:text-amber-100',
  error: 'border-red-600/40 bg-red-50 text-red-900 dark:bg-red-900/30 dark:text-red-100',
};

// Errors are announced immediately (role=alert); other tones politely (role=status).
export function Alert({ tone = 'info', title, children }: { tone?: Tone; title?: ReactNode; children?: ReactNode }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border px-4 py-3 text-sm ${TONES[tone]}`}>
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? <div className={title ? 'mt-1' : ''}>{children}</div> : null}
    </div>
  );
}
