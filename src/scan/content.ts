// What kind of bytes a file holds, by magic number, and whether that agrees with its extension.
// Executables, bytecode and archives (Office files are zips) cannot be reviewed as text.

export type ContentKind =
  | { kind: 'text' }
  | { kind: 'executable'; what: string }
  | { kind: 'bytecode'; what: string }
  | { kind: 'archive'; what: string }
  | { kind: 'media'; what: string; exts: string[] }
  | { kind: 'unknown-binary' };

interface Magic {
  what: string;
  kind: 'executable' | 'bytecode' | 'archive' | 'media';
  test: (b: Buffer) => boolean;
  /** Extensions under which this content is expected (media only). */
  exts?: string[];
}

const starts = (sig: number[], at = 0) => (b: Buffer) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

// Sources: the ELF, PE/COFF and Mach-O specifications; PKWARE APPNOTE (zip); RFC 1952 (gzip);
// the 7z, RAR, xz, bzip2 and POSIX ustar formats; PNG, JPEG, GIF, WebP, PDF, WOFF, ICO headers.
const MAGICS: Magic[] = [
  { what: 'ELF executable', kind: 'executable', test: starts([0x7f, 0x45, 0x4c, 0x46]) },
  { what: 'Windows PE executable', kind: 'executable', test: (b) => b.length >= 64 && b[0] === 0x4d && b[1] === 0x5a && peSignature(b) },
  { what: 'Mach-O executable', kind: 'executable', test: (b) => [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]].some((s) => starts(s)(b)) },
  { what: 'Mach-O universal binary or Java class', kind: 'executable', test: starts([0xca, 0xfe, 0xba, 0xbe]) },
  { what: 'WebAssembly module', kind: 'bytecode', test: starts([0x00, 0x61, 0x73, 0x6d]) },
  // CPython .pyc: two version bytes, then \r\n.
  { what: 'Python bytecode (.pyc)', kind: 'bytecode', test: (b) => b.length >= 16 && b[2] === 0x0d && b[3] === 0x0a && b[5] === 0 && b[6] === 0 && b[7] === 0 },
  { what: 'zip archive (also .docx/.xlsx/.jar)', kind: 'archive', test: (b) => starts([0x50, 0x4b, 0x03, 0x04])(b) || starts([0x50, 0x4b, 0x05, 0x06])(b) || starts([0x50, 0x4b, 0x07, 0x08])(b) },
  { what: 'gzip archive', kind: 'archive', test: starts([0x1f, 0x8b]) },
  { what: '7-Zip archive', kind: 'archive', test: starts([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { what: 'RAR archive', kind: 'archive', test: starts([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]) },
  { what: 'xz archive', kind: 'archive', test: starts([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { what: 'bzip2 archive', kind: 'archive', test: starts([0x42, 0x5a, 0x68]) },
  { what: 'tar archive', kind: 'archive', test: (b) => b.length >= 262 && b.toString('latin1', 257, 262) === 'ustar' },
  { what: 'OLE compound document (.doc/.xls/.msi)', kind: 'archive', test: starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { what: 'PNG image', kind: 'media', exts: ['png'], test: starts([0x89, 0x50, 0x4e, 0x47]) },
  { what: 'JPEG image', kind: 'media', exts: ['jpg', 'jpeg'], test: starts([0xff, 0xd8, 0xff]) },
  { what: 'GIF image', kind: 'media', exts: ['gif'], test: starts([0x47, 0x49, 0x46, 0x38]) },
  { what: 'WebP image', kind: 'media', exts: ['webp'], test: (b) => starts([0x52, 0x49, 0x46, 0x46])(b) && b.toString('latin1', 8, 12) === 'WEBP' },
  { what: 'ICO image', kind: 'media', exts: ['ico'], test: starts([0x00, 0x00, 0x01, 0x00]) },
  { what: 'PDF document', kind: 'media', exts: ['pdf'], test: starts([0x25, 0x50, 0x44, 0x46, 0x2d]) },
  { what: 'WOFF font', kind: 'media', exts: ['woff', 'woff2'], test: (b) => starts([0x77, 0x4f, 0x46, 0x46])(b) || starts([0x77, 0x4f, 0x46, 0x32])(b) },
  { what: 'TrueType/OpenType font', kind: 'media', exts: ['ttf', 'otf'], test: (b) => starts([0x00, 0x01, 0x00, 0x00, 0x00])(b) || starts([0x4f, 0x54, 0x54, 0x4f])(b) },
  { what: 'MP3 audio', kind: 'media', exts: ['mp3'], test: (b) => starts([0x49, 0x44, 0x33])(b) },
  { what: 'WAV audio', kind: 'media', exts: ['wav'], test: (b) => starts([0x52, 0x49, 0x46, 0x46])(b) && b.toString('latin1', 8, 12) === 'WAVE' },
];

function peSignature(b: Buffer): boolean {
  const off = b.readUInt32LE(0x3c);
  return off + 4 <= b.length && b.readUInt32LE(off) === 0x00004550;
}

/** Extensions that announce executables, bytecode or archives even when the bytes are something else. */
export const UNANALYSABLE_EXTENSIONS = new Set([
  'exe', 'dll', 'so', 'dylib', 'bin', 'elf', 'app', 'msi', 'scr', 'com', 'pyc', 'pyo', 'class', 'jar', 'wasm',
  'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'tar', 'docx', 'xlsx', 'pptx', 'docm', 'xlsm', 'doc', 'xls', 'ppt', 'odt', 'dmg', 'pkg', 'deb', 'rpm', 'apk',
]);

/** Extensions that promise plain text: anything else in such a file is a mismatch. */
export const TEXT_EXTENSIONS = new Set([
  'md', 'mdx', 'markdown', 'txt', 'json', 'jsonc', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'env', 'csv', 'tsv', 'xml', 'html', 'htm', 'css', 'svg',
  'js', 'mjs', 'cjs', 'ts', 'mts', 'cts', 'tsx', 'jsx', 'py', 'sh', 'bash', 'zsh', 'fish', 'ps1', 'bat', 'cmd', 'rb', 'pl', 'php', 'go', 'rs', 'java', 'kt',
  'swift', 'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'lua', 'r', 'sql', 'graphql', 'proto', 'applescript', 'scpt', 'gitignore', 'lock', 'log',
  'json5', 'ksh', 'pyw', 'pm', 'psm1', 'tcl', 'awk', 'sed',
]);

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function classify(data: Buffer): ContentKind {
  for (const m of MAGICS) {
    if (m.test(data)) {
      if (m.kind === 'media') return { kind: 'media', what: m.what, exts: m.exts ?? [] };
      return { kind: m.kind, what: m.what };
    }
  }
  return looksBinary(data) ? { kind: 'unknown-binary' } : { kind: 'text' };
}

/**
 * Media whose bytes after the format's header read as text: a polyglot (`GIF89a=0` then a shell
 * script, `%PDF-` then one) that `sh logo.gif` runs. Real images, fonts and audio hold binary
 * bytes (NULs, control bytes) right after their header.
 */
export function textBehindHeader(data: Buffer): boolean {
  return data.length > MEDIA_HEADER && !looksBinary(data.subarray(MEDIA_HEADER));
}
const MEDIA_HEADER = 16;

/** NUL bytes or many control bytes in the first 8 KiB mean binary (UTF-16 with a BOM is text). */
function looksBinary(data: Buffer): boolean {
  if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) return false;
  const n = Math.min(data.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = data[i] as number;
    if (c === 0) return true;
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) control++;
  }
  return n > 0 && control / n > 0.1;
}
