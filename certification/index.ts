// The certification engine: pure TypeScript, no Next.js, no Prisma. It reads images and returns
// reports; the platform's workers and the `assay` command line both call it.
export * from './errors';
export * from './image/limits';
export * from './image/layers';
export * from './os-release';
export * from './packages/types';
export { readInstalledPackages, type InstalledPackages, type ReadInstalledOptions } from './packages/read-installed-packages';
export { detectPackageManager, isPackageDatabasePath, packageDatabaseFiles, type DetectedPackageManager } from './packages/detect';
export { readRpmDatabase, RPMDB_FILES, type RpmDatabaseInput, type RpmDatabaseKind } from './packages/rpm-db';
export { readRpmHeader } from './packages/rpm-header';
export { readDpkgStatus, type ReadDpkgOptions } from './packages/dpkg';
export { readApkInstalled } from './packages/apk';
export { packageVersion, versionComparator } from './packages/package-version';
export * as rpmVersion from './versions/rpm';
export * as dpkgVersion from './versions/dpkg';
export * as apkVersion from './versions/apk';
export { parseReference, parseDockerReference, formatReference, isDigest, isTag, type ImageReference, type Transport } from './image/reference';
export { verifyBlob, readVerified, readBounded, digestOf, parseDigest, type ExpectedBlob, type VerifyOptions, type DigestAlgorithm } from './image/digest';
export { MEDIA_TYPES, MANIFEST_ACCEPT, isManifestType, isIndexType } from './image/media-types';
export {
  parseManifest,
  parsePlatform,
  formatPlatform,
  platformMatches,
  selectPlatform,
  imageEntries,
  DEFAULT_PLATFORM,
  type ImageManifest,
  type ImageIndex,
  type ParsedManifest,
} from './image/manifest';
export { parseImageConfig, type ImageConfig, type HistoryEntry } from './image/image-config';
export { openImage, type OpenImageOptions, type OpenedImage, type ReadFilesystemOptions } from './image/open-image';
export { discoverSignatures, type DiscoverSignaturesOptions, type DiscoveredSignatures, type SignatureArtifact, type SignatureKind } from './image/signatures';
export { RegistryClient, RegistrySource, type RegistryOptions } from './image/sources/registry';
export { parseCreds, resolveCredentials, type Credentials } from './image/sources/auth';
export { classifyAddress, assertAddressAllowed, type SsrfGuardOptions, type AddressClass } from './image/sources/ssrf';
export { openSource } from './image/sources/open-source';
export type { ImageSource, ManifestBytes } from './image/sources/source';
export * from './signatures/types';
export * from './signatures/trust';
export * from './signatures/simple-signing';
export { verifyGpgSignature, type GpgVerified, type GpgOptions } from './signatures/gpg';
export * from './signatures/cosign';
export * from './signatures/dsse';
export { verifySigstoreBundle, parseBundle, type BundleOptions, type BundleVerified } from './signatures/sigstore-bundle';
export { verifyImageSignatures, type VerifyImageSignaturesOptions } from './signatures/verify-image-signatures';
export * from './signatures/sign';
export { writeArtifactToOciLayout } from './signatures/oci-layout';
export { encryptCosignPrivateKey, decryptCosignPrivateKey, type CosignKeyLabel, type EncryptOptions } from './signatures/cosign-key';
