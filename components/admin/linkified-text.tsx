import type { ReactNode } from 'react';

const URL_PATTERN = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

// Plain-text email bodies with their http(s) links clickable; nothing else is interpreted as markup.
export function LinkifiedText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={match[0]} className="break-all text-brand-700 underline underline-offset-2 hover:text-brand-600 dark:text-brand-100">
        {match[0]}
      </a>,
    );
    last = start + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <div className="whitespace-pre-wrap break-words font-mono text-sm leading-relaxed">{parts}</div>;
}
