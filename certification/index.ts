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
export { parseOsvRecord, parseOsvTimestamp, advisoryAliases, type TOsvRecord, type TOsvAffected } from './vulnerabilities/osv';
export { cvssBaseScore, tryCvssBaseScore, type CvssScore, type CvssVersion } from './vulnerabilities/cvss';
export { deriveSeverity, severityFromScore, severityFromWord, compareSeverity, SEVERITIES, type Severity, type SeverityRating, type SeveritySource } from './vulnerabilities/severity';
export { parseEcosystem, ecosystemTarget, type EcosystemOptions, type EcosystemTarget, type ParsedEcosystem, type DistroFamily } from './vulnerabilities/ecosystem';
export { importAdvisories, saveAdvisoryIndex, loadAdvisoryIndex, AdvisoryIndexBuilder, type AdvisoryIndex, type IndexedAdvisory, type ImportOptions } from './vulnerabilities/database';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './vulnerabilities/zip-reader';
export { matchAdvisories, type Finding, type MatchResult, type MatchInput } from './vulnerabilities/match';
export { gradeFindings, gradeOf, countBySeverity, blockingFindings, GRADE_TABLE, type Grade, type GradeResult, type SeverityCounts, type GradeOptions, type GateOptions } from './vulnerabilities/grade';
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
export * from './checks/types';
export { CHECKS, runChecks, runChecksWithProgress, checkById, type CheckResult } from './checks/index';
export { buildCheckContext, finalContent, type BuildContextInput } from './checks/context';
export { createCapture, capturePredicate, type CaptureState } from './checks/capture';
export { findingKey } from './checks/vulnerabilities-policy';
export { decodeFileCapabilities, formatFileCapabilities, type FileCapabilities } from './checks/capabilities';
export { ZPolicySchema, type Policy, type PolicyChecks, type Distribution, type PolicySeverity } from './policy/schema';
export { parsePolicy, defaultPolicy, policyDigest, type LoadedPolicy } from './policy/load-policy';
export { canonicalJson } from './policy/canonical-json';
export { parseWaivers, activeWaiver, type Waiver, type AppliedWaiver } from './report/waivers';
export { decideVerdict, blockingChecks, type Verdict } from './report/verdict';
export { buildReport, buildIndexReport, type CertificationReport, type IndexReport, type BuildReportInput, type ReportFinding } from './report/build-report';
export { deriveRuntimeProfile, type RuntimeProfile, type KubernetesSecurityContext, type PodSecurityStandard } from './profile/runtime-profile';
export { cycloneDx, type SbomInput } from './sbom/cyclonedx';
export { spdx } from './sbom/spdx';
export { packagePurl } from './sbom/purl';
export { certify, certifyAllPlatforms, defaultIdentity, type CertifyOptions, type CertifyProgress, type CertifyStage } from './certify';
export { certifySbom, type CertifySbomOptions, type SbomFormat } from './certify-sbom';
