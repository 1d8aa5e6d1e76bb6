import type { Descriptor } from '../types';

export interface ManifestBytes {
  bytes: Buffer;
  /** Content-Type from the registry, or the media type of the descriptor that pointed here. */
  mediaType?: string;
  /** Digest of `bytes`, verified against the reference when it was a digest. */
  digest: string;
}

export interface GetManifestOptions {
  signal?: AbortSignal;
  maxBytes: number;
}

/** Where manifests and blobs come from: a registry, an OCI layout, or an archive. */
export interface ImageSource {
  /** The source as the user wrote it, for messages. */
  readonly name: string;
  /** The manifest or index named by a tag or digest; `undefined` means the one the source string names. */
  getManifest(ref: string | undefined, opts: GetManifestOptions): Promise<ManifestBytes>;
  /** Raw bytes of a blob; callers verify them (`verifyBlob`). */
  getBlob(descriptor: Descriptor, signal?: AbortSignal): Promise<AsyncIterable<Buffer>>;
  /** Tags the image is known by in this source (a registry: every tag of the repository). */
  listTags(signal?: AbortSignal): Promise<string[]>;
  /** The digest a tag points at now, `undefined` when it does not exist; offered by registries. */
  tagDigest?(tag: string, opts: GetManifestOptions): Promise<string | undefined>;
  /** The OCI referrers API; `undefined` when the source does not offer it (so the fallback tag applies). */
  getReferrers?(digest: string, opts: GetManifestOptions): Promise<ManifestBytes | undefined>;
  /** Repository path used by lookaside signature stores (`ns/name`), when the source has one. */
  readonly repository?: string;
  close(): Promise<void>;
}
