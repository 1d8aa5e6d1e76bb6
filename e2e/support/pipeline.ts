import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

/** What scripts/e2e-server.ts wrote about its loopback registry: image repositories and the vendor's cosign key. */
export interface PipelineWorld {
  registry: string;
  tag: string;
  repos: { signed: string; unsigned: string };
  keyFile: string;
  digests: { signed: string };
}

export function pipelineWorld(): PipelineWorld {
  const dataDir = process.env.E2E_DATA_DIR ?? '.data/e2e';
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', dataDir, 'pipeline.json'), 'utf8')) as PipelineWorld;
}

/**
 * Records every state the page's progress bar shows (its label and value), from now on and across
 * client-side navigations, so a test can tell what the user saw even between two of its own looks.
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __progress?: string[] };
    w.__progress = [];
    const note = () => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const seen = `${bar.getAttribute('aria-label') ?? ''}|${bar.getAttribute('aria-valuenow') ?? ''}`;
        if (w.__progress!.at(-1) !== seen) w.__progress!.push(seen);
      }
    };
    new MutationObserver(note).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'aria-valuenow'] });
    note();
  });
}

/** The progress states recorded so far, as `label|value`. */
export async function progressSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __progress?: string[] }).__progress ?? []);
}
