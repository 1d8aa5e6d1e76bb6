// Shared shapes of the image access layer. Sources (registry, OCI layout, archives) produce
// manifests and blob streams; the layer reader turns layer streams into a layered filesystem view.

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
  urls?: string[];
}

export interface Progress {
  /** Compressed bytes read from the source so far. */
  bytesRead: number;
  /** Total compressed bytes expected, when known. */
  bytesTotal?: number;
  layersRead: number;
  layersTotal?: number;
  stage: string;
}

export type ProgressCallback = (progress: Progress) => void;

/** Kinds of entries in a layer tar / the final tree. */
export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char-device' | 'block-device' | 'fifo';

export interface FileEntry {
  /** Normalized absolute path inside the image, e.g. `/etc/os-release` (root is `/`). */
  path: string;
  type: EntryType;
  /** Permission and special bits (setuid 0o4000, setgid 0o2000, sticky 0o1000, plus 0o777). */
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  size: number;
  mtime?: number;
  /** Symlink or hard link target as written in the tar (hard links normalized to an image path). */
  linkTarget?: string;
  devMajor?: number;
  devMinor?: number;
  /** Extended attributes from PAX `SCHILY.xattr.*` records (raw bytes). */
  xattrs?: Record<string, Buffer>;
  /** Index (0-based) of the layer that last wrote this path. */
  layer: number;
  /** SHA-256 hex of the content, computed for regular files while streaming. */
  sha256?: string;
  /** A directory no layer wrote, created because a layer wrote something beneath it. */
  implicit?: boolean;
}

/** One write (or deletion) of a path, in layer order. */
export interface PathWrite {
  layer: number;
  kind: 'write' | 'delete';
  type?: EntryType;
  size?: number;
  mode?: number;
  sha256?: string;
}

/** Something odd but survivable in the input, recorded instead of followed (traversal, absolute link…). */
export interface ImageFinding {
  code:
    | 'PATH_TRAVERSAL'
    | 'ABSOLUTE_PATH'
    | 'LINK_OUTSIDE_ROOT'
    | 'HARDLINK_OUTSIDE_ROOT'
    | 'HARDLINK_MISSING_TARGET'
    | 'DUPLICATE_ENTRY'
    | 'WHITEOUT_ROOT'
    | 'NON_UTF8_NAME'
    | 'DEVICE_FILE'
    | 'INVALID_ENTRY'
    | 'UNSUPPORTED_ENTRY'
    | 'COMPRESSION_MISMATCH';
  message: string;
  layer: number;
  path?: string;
}

/** A consumer's wish to keep the content of some files (package DBs, /etc/passwd, licenses…). */
export type ContentPredicate = (path: string, entry: { size: number; type: EntryType; layer: number }) => boolean;
