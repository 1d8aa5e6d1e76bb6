// Layer content: decompression, tar parsing and the layered filesystem view of an image.
export { ImageFilesystem, MAX_FINDINGS } from './filesystem';
export type { LayerInput, ImageFilesystemOptions, CapturedContent, CaptureSkip, LayerSummary } from './filesystem';
export { openLayer, compressionFromMagic, compressionFromMediaType, RATIO_GRACE_BYTES, MAX_ZSTD_WINDOW } from './decompress';
export type { Compression, DecompressOptions, DecompressedLayer } from './decompress';
export { TarParser, readTar, decodeName } from './tar';
export type { TarHeader, TarHandler, TarEvent, TarFormat, TarParserOptions } from './tar';
export { normalizePath, symlinkEscapes } from './paths';
