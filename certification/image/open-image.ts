import { CertificationError, isCertificationError } from '../errors';
import { readVerified, verifyBlob } from './digest';
import { parseImageConfig, type ImageConfig } from './image-config';
import { limitExceeded, resolveLimits, type ImageLimits } from './limits';
import {
  DEFAULT_PLATFORM,
  imageEntries,
  parseManifest,
  parsePlatform,
  selectPlatform,
  type ImageIndex,
  type ImageManifest,
} from './manifest';
import { tagsOfImage } from './image-tags';
import { MEDIA_TYPES } from './media-types';
import { parseReference, type ImageReference } from './reference';
import { abortError } from './sources/http';
import { openSource } from './sources/open-source';
import type { RegistryOptions } from './sources/registry';
import type { ImageSource } from './sources/source';
import type { ContentPredicate, Descriptor, Platform, ProgressCallback } from './types';
import type { DecompressedLayer } from './layers/decompress';
import type { ImageFilesystem } from './layers/index';

export interface OpenImageOptions {
  /** `os/arch[/variant]` or a Platform; used when the source names an index. Default linux/amd64. */
  platform?: string | Platform;
  limits?: Partial<ImageLimits>;
  registry?: RegistryOptions;
  signal?: AbortSignal;
  /** Ask the source for its tags (one more request on a registry). Default true. */
  listTags?: boolean;
}

export interface ReadFilesystemOptions {
  capture?: ContentPredicate;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

export interface OpenedImage {
  source: string;
  reference: ImageReference;
  /** Digest of the image manifest (the selected platform's, for an index). */
  digest: string;
  mediaType: string;
  manifest: ImageManifest;
  manifestBytes: Buffer;
  /** Digest of the index the source string named, when it named one. */
  indexDigest?: string;
  index?: ImageIndex;
  config: ImageConfig;
  configDigest: string;
  platform: Platform;
  /** Every platform of the index (just the image's own for a single manifest). */
  platforms: Platform[];
  /** Tags that point at this image (a registry: resolved one by one, bounded; see `image-tags.ts`). */
  tags: string[];
  /** Every tag the source listed, whatever it points at. */
  repositoryTags: string[];
  /** Listed tags whose target was not checked (beyond the bound, out of time, or a failed lookup). */
  tagsUnresolved?: number;
  /** Set when listing tags failed; the image itself is still readable. */
  tagsError?: string;
  layers: Descriptor[];
  limits: ImageLimits;
  imageSource: ImageSource;
  readFilesystem(opts?: ReadFilesystemOptions): Promise<ImageFilesystem>;
  close(): Promise<void>;
}

const MAX_INDEX_DEPTH = 4;
const PROGRESS_STEP_BYTES = 4 * 1024 * 1024;
const LAYER_READ_AHEAD = 48 * 1024 * 1024;

interface OpenLayer {
  input: { index: number; descriptor: Descriptor; stream: AsyncIterable<Buffer> };
  verified: AsyncGenerator<Buffer>;
  finish: () => Promise<void>;
  opened: DecompressedLayer;
}
const CONFIG_TYPES = [MEDIA_TYPES.ociConfig, MEDIA_TYPES.dockerConfig] as string[];

/** Opens an image by source string: resolves the index to one platform, reads manifest and config. */
export async function openImage(sourceString: string, opts: OpenImageOptions = {}): Promise<OpenedImage> {
  const limits = resolveLimits(opts.limits);
  const reference = parseReference(sourceString);
  const wanted = typeof opts.platform === 'string' ? parsePlatform(opts.platform) : (opts.platform ?? DEFAULT_PLATFORM);
  const source = await openSource(reference, { registry: opts.registry, maxManifestBytes: limits.maxManifestBytes, signal: opts.signal });
  try {
    return await resolveImage(sourceString, reference, source, wanted, limits, opts);
  } catch (e) {
    await source.close();
    throw e;
  }
}

async function resolveImage(
  sourceString: string,
  reference: ImageReference,
  source: ImageSource,
  wanted: Platform,
  limits: ImageLimits,
  opts: OpenImageOptions,
): Promise<OpenedImage> {
  const get = { signal: opts.signal, maxBytes: limits.maxManifestBytes };
  let fetched = await source.getManifest(undefined, get);
  let parsed = parseManifest(fetched.bytes, { declaredMediaType: fetched.mediaType, where: `manifest ${fetched.digest} of ${source.name}` });
  let index: ImageIndex | undefined;
  let indexDigest: string | undefined;
  let platforms: Platform[] | undefined;
  const seen = new Set<string>([fetched.digest]);
  for (let depth = 0; parsed.kind === 'index'; depth++) {
    if (depth >= MAX_INDEX_DEPTH) {
      throw new CertificationError('MANIFEST_INVALID', `${source.name}: expected at most ${MAX_INDEX_DEPTH} nested indexes, got deeper nesting`);
    }
    if (!index) {
      index = parsed;
      indexDigest = fetched.digest;
      platforms = imageEntries(parsed).flatMap((d) => (d.platform ? [d.platform] : []));
    }
    const where = `index ${fetched.digest} of ${source.name}`;
    const chosen = selectPlatform(parsed, wanted, where);
    if (seen.has(chosen.digest)) {
      throw new CertificationError('MANIFEST_INVALID', `${where}: expected entries that point to other manifests, got a reference to ${chosen.digest} which was already read (a cycle)`);
    }
    seen.add(chosen.digest);
    fetched = await source.getManifest(chosen.digest, get);
    if (fetched.bytes.length !== chosen.size) {
      throw new CertificationError('SIZE_MISMATCH', `${where}: expected ${chosen.size} bytes for ${chosen.digest}, got ${fetched.bytes.length}`);
    }
    parsed = parseManifest(fetched.bytes, {
      declaredMediaType: chosen.mediaType,
      where: `manifest ${chosen.digest} (${chosen.platform ? `${chosen.platform.os}/${chosen.platform.architecture}` : 'no platform'}) of ${source.name}`,
    });
  }
  const manifest = parsed;
  const where = `image ${fetched.digest} of ${source.name}`;
  if (!CONFIG_TYPES.includes(manifest.config.mediaType)) {
    throw new CertificationError(
      'MEDIA_TYPE_MISMATCH',
      `${where}: expected an image config (${CONFIG_TYPES.join(' or ')}), got "${manifest.config.mediaType}" (an artifact, not an image?)`,
    );
  }
  if (manifest.layers.length > limits.maxLayers) throw limitExceeded('maxLayers', limits.maxLayers, manifest.layers.length, where);
  const compressed = manifest.layers.reduce((sum, l) => sum + l.size, 0);
  if (compressed > limits.maxCompressedBytes) throw limitExceeded('maxCompressedBytes', limits.maxCompressedBytes, compressed, where);

  const configStream = await source.getBlob(manifest.config, opts.signal);
  const configBytes = await readVerified(configStream, manifest.config, {
    where: `config ${manifest.config.digest} of ${where}`,
    maxBytes: limits.maxManifestBytes,
    signal: opts.signal,
  });
  const config = parseImageConfig(configBytes, `config ${manifest.config.digest} of ${where}`);
  const platform: Platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };

  let tags: string[] = [];
  let repositoryTags: string[] = [];
  let tagsUnresolved: number | undefined;
  let tagsError: string | undefined;
  if (opts.listTags !== false) {
    try {
      repositoryTags = tags = (await source.listTags(opts.signal)).filter((t) => !/^sha(256|512)-[a-f0-9]+(\.\w+)?$/.test(t));
      if (source.tagDigest) {
        const ownTag = reference.transport === 'docker' && !reference.digest ? (reference.tag ?? 'latest') : undefined;
        const digests = indexDigest ? [fetched.digest, indexDigest] : [fetched.digest];
        const found = await tagsOfImage({ tagDigest: source.tagDigest.bind(source) }, repositoryTags, digests, ownTag, {
          signal: opts.signal,
          maxManifestBytes: limits.maxManifestBytes,
        });
        tags = found.tags;
        if (found.unresolved > 0) tagsUnresolved = found.unresolved;
      }
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      tagsError = isCertificationError(e) ? e.message : String(e);
    }
  }

  const image: OpenedImage = {
    source: sourceString,
    reference,
    digest: fetched.digest,
    mediaType: manifest.mediaType,
    manifest,
    manifestBytes: fetched.bytes,
    ...(index ? { index, indexDigest } : {}),
    config,
    configDigest: manifest.config.digest,
    platform,
    platforms: platforms ?? [platform],
    tags,
    repositoryTags,
    ...(tagsUnresolved ? { tagsUnresolved } : {}),
    ...(tagsError ? { tagsError } : {}),
    layers: manifest.layers,
    limits,
    imageSource: source,
    readFilesystem: (readOpts) => readFilesystem(image, readOpts ?? {}, opts.signal),
    close: () => source.close(),
  };
  return image;
}

/** Streams every layer, verified against its digest and size, into the layered filesystem view. */
async function readFilesystem(image: OpenedImage, opts: ReadFilesystemOptions, openSignal?: AbortSignal): Promise<ImageFilesystem> {
  const { ImageFilesystem } = await import('./layers/index');
  const { limits, layers } = image;
  const signals = [AbortSignal.timeout(limits.maxDurationMs)];
  if (opts.signal) signals.push(opts.signal);
  if (openSignal) signals.push(openSignal);
  const signal = AbortSignal.any(signals);
  const fs = new ImageFilesystem({ limits, signal, ...(opts.capture ? { capture: opts.capture } : {}) });
  const bytesTotal = layers.reduce((sum, l) => sum + l.size, 0);
  let bytesRead = 0;
  let layersDone = 0;
  let reportedAt = 0;
  const report = (layersRead: number) => {
    layersDone = layersRead;
    reportedAt = bytesRead;
    opts.onProgress?.({ bytesRead, bytesTotal, layersRead, layersTotal: layers.length, stage: 'layers' });
  };
  report(0);
  // Layer i+1 starts inflating (bounded by LAYER_READ_AHEAD) while layer i is parsed, so zlib keeps
  // a second core busy; its chunks are still checked and applied strictly in order.
  const open = async (i: number): Promise<OpenLayer> => {
    const descriptor = layers[i]!;
    const raw = await image.imageSource.getBlob(descriptor, signal);
    const verified = verifyBlob(raw, descriptor, {
      where: `layer ${i} (${descriptor.digest}) of ${image.digest} in ${image.source}`,
      signal,
      onBytes: (n) => {
        bytesRead += n;
        // A single large layer would otherwise look stalled: report every few MiB too.
        if (bytesRead - reportedAt >= PROGRESS_STEP_BYTES) report(layersDone);
      },
    });
    const { stream, finish } = drainable(verified);
    const input = { index: i, descriptor, stream };
    try {
      return { input, verified, finish, opened: await fs.openAhead(input, { readAhead: LAYER_READ_AHEAD }) };
    } catch (e) {
      await verified.return(undefined).catch(() => undefined);
      throw e;
    }
  };
  let next: Promise<OpenLayer> | undefined;
  try {
    next = layers.length > 0 ? open(0) : undefined;
    for (let i = 0; i < layers.length; i++) {
      signal.throwIfAborted();
      const current = await next!;
      next = i + 1 < layers.length ? open(i + 1) : undefined;
      next?.catch(() => undefined);
      try {
        await fs.applyLayer({ ...current.input, opened: current.opened });
      } catch (e) {
        current.opened.close();
        await current.verified.return(undefined).catch(() => undefined);
        throw e;
      }
      await current.finish();
      report(i + 1);
    }
  } catch (e) {
    await next?.then(
      (l) => {
        l.opened.close();
        return l.verified.return(undefined);
      },
      () => undefined,
    ).catch(() => undefined);
    if (signal.aborted && !isCertificationError(e)) throw abortError(signal, `reading ${image.source}`);
    if (signal.aborted && isCertificationError(e) && (e.code === 'ABORTED' || e.code === 'TIMEOUT')) {
      throw abortError(signal, `reading ${image.source}`);
    }
    throw e;
  }
  return fs;
}

/**
 * The layer reader may stop at the tar end marker before the blob ends; the trailing bytes must
 * still pass through the hash, or a blob with appended garbage would verify. `finish` drains them.
 */
function drainable(source: AsyncGenerator<Buffer>): { stream: AsyncIterable<Buffer>; finish: () => Promise<void> } {
  let closed = false;
  const stream: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => ({
      next: () => (closed ? Promise.resolve({ done: true as const, value: undefined }) : source.next()),
      return: async () => {
        closed = true;
        return { done: true as const, value: undefined };
      },
    }),
  };
  const finish = async () => {
    try {
      for (let r = await source.next(); !r.done; r = await source.next());
    } finally {
      await source.return(undefined);
    }
  };
  return { stream, finish };
}
