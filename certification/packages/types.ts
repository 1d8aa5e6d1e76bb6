// One shape for what every package manager says is installed, so checks, vulnerability matching and
// SBOMs need not know which database it came from.

export type PackageManager = 'rpm' | 'dpkg' | 'apk';

/** File attributes that make a file legitimately change after install (see base-os.unmodified-packages). */
export type PackageFileFlag =
  | 'config'
  | 'doc'
  | 'icon'
  | 'missingok'
  | 'noreplace'
  | 'specfile'
  | 'ghost'
  | 'license'
  | 'readme'
  | 'pubkey'
  | 'artifact';

export type DigestAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface PackageFile {
  /** Absolute path inside the image, e.g. `/usr/bin/curl`. */
  path: string;
  /** Lower-case hex digest of the content as the database records it (regular files only). */
  digest?: string;
  digestAlgo?: DigestAlgorithm;
  /** st_mode including the file type bits where the database has them (rpm), else permission bits. */
  mode?: number;
  size?: number;
  user?: string;
  group?: string;
  flags?: PackageFileFlag[];
}

export interface InstalledPackage {
  manager: PackageManager;
  name: string;
  /** Absent when the database records none (rpm: no EPOCH tag; dpkg: no `N:` prefix). */
  epoch?: number;
  version: string;
  /** rpm release. dpkg and apk keep the revision inside `version` (e.g. `2.3.1-3`, `1.2.3-r1`). */
  release?: string;
  arch?: string;
  /** Source package (rpm: from SOURCERPM; dpkg: `Source:`; apk: origin `o:`). */
  sourceName?: string;
  sourceVersion?: string;
  /** rpm SOURCERPM as recorded, e.g. `curl-7.76.0-6.cm2.src.rpm`. */
  sourceRpm?: string;
  vendor?: string;
  maintainer?: string;
  license?: string;
  summary?: string;
  /** Installed size in bytes. */
  size?: number;
  modularityLabel?: string;
  /** rpm SIGMD5 (hex): the header+payload digest rpm uses to tell identical builds apart. */
  sigmd5?: string;
  /** Package-level digest as `algo:hex` (apk `C:` checksum, dpkg `available` SHA256). */
  digest?: string;
  /** dpkg `Status:` as written (want flag status). */
  status?: string;
  /** apk `c:` aports commit. */
  commit?: string;
  /** apk `D:` dependencies and `p:` provides, as written. */
  depends?: string[];
  provides?: string[];
  files?: PackageFile[];
}

export interface ReadPackagesOptions {
  /** Read file lists (default true); turning them off saves memory when only names and versions matter. */
  files?: boolean;
}
