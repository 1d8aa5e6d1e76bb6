import type { ImageSource } from './sources/source';

// A repository may hold thousands of tags; resolving each one costs a request, so the check is
// bounded in count, concurrency and time. Tags beyond the bound are reported as unresolved.
export const MAX_TAG_LOOKUPS = 200;
const TAG_LOOKUP_CONCURRENCY = 4;
const TAG_LOOKUP_BUDGET_MS = 30_000;

export interface TagsOfImage {
  /** Tags that point at one of `digests`: the reference's own tag first, then the others sorted. */
  tags: string[];
  /** Listed tags that were not resolved: beyond the bound, out of time, or failed lookups. */
  unresolved: number;
}

/**
 * Which of the repository's `listed` tags point at this image (its manifest or the index that
 * names it). The tag the reference itself used needs no lookup: it just resolved to the image.
 */
export async function tagsOfImage(
  source: Required<Pick<ImageSource, 'tagDigest'>>,
  listed: readonly string[],
  digests: readonly string[],
  ownTag: string | undefined,
  opts: { signal?: AbortSignal; maxManifestBytes: number; budgetMs?: number; maxLookups?: number },
): Promise<TagsOfImage> {
  const wanted = new Set(digests);
  const matched = new Set<string>();
  if (ownTag !== undefined) matched.add(ownTag);
  const todo = [...new Set(listed)].filter((t) => t !== ownTag);
  const maxLookups = opts.maxLookups ?? MAX_TAG_LOOKUPS;
  const queue = todo.slice(0, maxLookups);
  let unresolved = todo.length - queue.length;
  const budget = AbortSignal.timeout(opts.budgetMs ?? TAG_LOOKUP_BUDGET_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, budget]) : budget;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const tag = queue[next++]!;
      if (signal.aborted) {
        unresolved++;
        continue;
      }
      try {
        const digest = await source.tagDigest(tag, { signal, maxBytes: opts.maxManifestBytes });
        if (digest !== undefined && wanted.has(digest)) matched.add(tag);
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        unresolved++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TAG_LOOKUP_CONCURRENCY, queue.length) }, worker));
  const rest = [...matched].filter((t) => t !== ownTag).sort();
  const tags = ownTag !== undefined ? [ownTag, ...rest] : rest;
  return { tags, unresolved };
}
