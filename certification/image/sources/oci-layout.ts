import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CertificationError } from '../../errors';
import { parseDigest, readVerified } from '../digest';
import { parseManifest, type ImageIndex } from '../manifest';
import { isDigest } from '../reference';
import type { Descriptor } from '../types';
import type { GetManifestOptions, ImageSource, ManifestBytes } from './source';
import { TarIndex } from './tar-index';

export const REF_NAME = 'org.opencontainers.image.ref.name';

/** Files of an OCI layout, whether in a directory or inside a tar. Paths are built from validated digests only. */
export interface LayoutStore {
  readonly name: string;
  read(relPath: string, maxBytes: number): Promise<Buffer | undefined>;
  stream(relPath: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer> | undefined>;
  close(): Promise<void>;
}

export class DirectoryStore implements LayoutStore {
  readonly name: string;
  private rootReal: string | undefined;

  constructor(private readonly root: string) {
    this.name = root;
  }

  private async locate(relPath: string): Promise<string | undefined> {
    this.rootReal ??= await realpath(this.root).catch(() => {
      throw new CertificationError('ARCHIVE_INVALID', `${this.root}: expected an OCI layout directory, got nothing there`);
    });
    const full = path.join(this.root, relPath);
    let real: string;
    try {
      real = await realpath(full);
    } catch {
      return undefined;
    }
    // A hostile layout could link a blob to a host file; keep every read inside the layout.
    if (real !== this.rootReal && !real.startsWith(this.rootReal + path.sep)) {
      throw new CertificationError('ARCHIVE_INVALID', `${full}: expected a file inside the layout, got a link to ${real}`);
    }
    const st = await stat(real);
    if (!st.isFile()) throw new CertificationError('ARCHIVE_INVALID', `${full}: expected a regular file, got something else`);
    return real;
  }

  async read(relPath: string, maxBytes: number): Promise<Buffer | undefined> {
    const file = await this.locate(relPath);
    if (!file) return undefined;
    const { size } = await stat(file);
    if (size > maxBytes) {
      throw new CertificationError('LIMIT_EXCEEDED', `maxManifestBytes exceeded (${file}): limit ${maxBytes}, got ${size}`, {
        limit: 'maxManifestBytes',
        max: maxBytes,
        value: size,
      });
    }
    return readFile(file);
  }

  async stream(relPath: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer> | undefined> {
    const file = await this.locate(relPath);
    return file ? createReadStream(file, { highWaterMark: 1024 * 1024, signal }) : undefined;
  }

  async close(): Promise<void> {}
}

export class TarStore implements LayoutStore {
  readonly name: string;
  constructor(private readonly index: TarIndex) {
    this.name = index.file;
  }
  static async open(file: string, signal?: AbortSignal): Promise<TarStore> {
    return new TarStore(await TarIndex.open(file, signal));
  }
  async read(relPath: string, maxBytes: number): Promise<Buffer | undefined> {
    return this.index.read(relPath, maxBytes);
  }
  async stream(relPath: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer> | undefined> {
    return this.index.stream(relPath, signal);
  }
  async close(): Promise<void> {}
}

export function blobPath(digest: string): string {
  const { algorithm, hex } = parseDigest(digest);
  return `blobs/${algorithm}/${hex}`;
}

/** An OCI image layout (`oci:` directly, `oci-archive:` through a `TarStore`). */
export class OciLayoutSource implements ImageSource {
  readonly name: string;
  private indexCache: ImageIndex | undefined;

  constructor(
    private readonly store: LayoutStore,
    private readonly tag: string | undefined,
    name: string,
    private readonly maxManifestBytes = 4 * 1024 * 1024,
  ) {
    this.name = name;
  }

  private async index(maxBytes: number): Promise<ImageIndex> {
    if (this.indexCache) return this.indexCache;
    const layout = await this.store.read('oci-layout', 64 * 1024);
    if (!layout) throw new CertificationError('ARCHIVE_INVALID', `${this.name}: expected an OCI layout with an "oci-layout" file, got none`);
    let version: unknown;
    try {
      version = (JSON.parse(layout.toString('utf8')) as { imageLayoutVersion?: unknown }).imageLayoutVersion;
    } catch {
      version = undefined;
    }
    if (typeof version !== 'string' || !version.startsWith('1.')) {
      throw new CertificationError('ARCHIVE_INVALID', `${this.name}: expected imageLayoutVersion 1.x in oci-layout, got ${JSON.stringify(version)}`);
    }
    const bytes = await this.store.read('index.json', maxBytes);
    if (!bytes) throw new CertificationError('ARCHIVE_INVALID', `${this.name}: expected index.json, got none`);
    const parsed = parseManifest(bytes, { where: `${this.name} index.json`, expect: 'index' });
    this.indexCache = parsed as ImageIndex;
    return this.indexCache;
  }

  private async readDescriptor(d: Descriptor, opts: GetManifestOptions): Promise<ManifestBytes> {
    const where = `${this.name} ${d.digest}`;
    const stream = await this.store.stream(blobPath(d.digest), opts.signal);
    if (!stream) throw new CertificationError('NOT_FOUND', `${where}: expected the blob in the layout, got none`);
    const bytes = await readVerified(stream, { digest: d.digest, size: d.size }, { where, maxBytes: opts.maxBytes, signal: opts.signal });
    return { bytes, digest: d.digest, mediaType: d.mediaType };
  }

  async getManifest(ref: string | undefined, opts: GetManifestOptions): Promise<ManifestBytes> {
    const index = await this.index(opts.maxBytes);
    const wanted = ref ?? this.tag;
    if (wanted !== undefined && isDigest(wanted)) {
      const known = index.manifests.find((d) => d.digest === wanted);
      if (known) return this.readDescriptor(known, opts);
      const stream = await this.store.stream(blobPath(wanted), opts.signal);
      if (!stream) throw new CertificationError('NOT_FOUND', `${this.name}: expected blob ${wanted}, got none`);
      const bytes = await readVerified(stream, { digest: wanted }, { where: `${this.name} ${wanted}`, maxBytes: opts.maxBytes, signal: opts.signal });
      return { bytes, digest: wanted };
    }
    if (wanted !== undefined) {
      const found = index.manifests.filter((d) => d.annotations?.[REF_NAME] === wanted);
      if (found.length === 0) {
        throw new CertificationError('NOT_FOUND', `${this.name}: expected an image tagged "${wanted}", got tags [${refNames(index).join(', ')}]`);
      }
      return this.readDescriptor(found[0]!, opts);
    }
    if (index.manifests.length !== 1) {
      throw new CertificationError(
        'INVALID_REFERENCE',
        `${this.name}: expected one image in the layout or a :TAG, got ${index.manifests.length} (tags [${refNames(index).join(', ')}])`,
      );
    }
    return this.readDescriptor(index.manifests[0]!, opts);
  }

  async getBlob(descriptor: Descriptor, signal?: AbortSignal): Promise<AsyncIterable<Buffer>> {
    const stream = await this.store.stream(blobPath(descriptor.digest), signal);
    if (!stream) throw new CertificationError('NOT_FOUND', `${this.name}: expected blob ${descriptor.digest}, got none`);
    return stream;
  }

  async listTags(): Promise<string[]> {
    return refNames(await this.index(this.maxManifestBytes));
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

function refNames(index: ImageIndex): string[] {
  return index.manifests.map((d) => d.annotations?.[REF_NAME]).filter((t): t is string => typeof t === 'string');
}
