'use client';

import { useState } from 'react';
import { Button } from './button';

// Copies a value to the clipboard and says so (politely) for screen readers.
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        size="sm"
        onClick={async () => {
          await navigator.clipboard?.writeText(value).catch(() => {});
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {label}
      </Button>
      <span role="status" className="text-xs text-emerald-800 dark:text-emerald-300">
        {copied ? 'Copied' : ''}
      </span>
    </span>
  );
}
