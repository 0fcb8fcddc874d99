import { AppError } from './app-error';

/** Media types carelink accepts for uploads (documents, photos, voice notes and call recordings). */
export type MediaType =
  'image/jpeg' | 'image/png' | 'application/pdf' | 'audio/ogg' | 'audio/mpeg' | 'audio/amr' | 'audio/wav';

/** File signatures ("magic numbers") of the accepted formats; a declared type must match them. */
const SIGNATURES: { type: MediaType; matches: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', matches: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'application/pdf', matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'audio/ogg', matches: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' },
  {
    type: 'audio/mpeg',
    matches: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  },
  { type: 'audio/amr', matches: (b) => b.subarray(0, 6).toString('latin1') === '#!AMR\n' },
  {
    type: 'audio/wav',
    matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE',
  },
];

/** The media type the bytes really are, by signature. */
export function detectMediaType(bytes: Buffer): MediaType | undefined {
  return SIGNATURES.find((s) => s.matches(bytes))?.type;
}

/** Markup a browser would run if it took the file for a page (a polyglot: image or PDF outside, page inside). */
const MARKUP = /<(svg|html|script|iframe|object|embed|body|!doctype\s+html)[\s/>]/i;

/** [start, end) spans of compressed image data: the one place where any byte sequence may occur by chance. */
type Spans = [number, number][];

/** A PNG's IDAT data spans, or undefined when its chunks do not walk to IEND (then everything is looked at). */
function pngDataSpans(b: Buffer): Spans | undefined {
  const spans: Spans = [];
  for (let at = 8; at + 12 <= b.length;) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > b.length) return undefined;
    if (type === 'IDAT') spans.push([at + 8, at + 8 + length]);
    if (type === 'IEND') return spans;
    at = end;
  }
  return undefined;
}

/** A JPEG's entropy-coded data spans, or undefined when its segments do not walk to EOI. */
function jpegDataSpans(b: Buffer): Spans | undefined {
  const spans: Spans = [];
  let at = 2;
  while (at + 1 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) return spans; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    if (at + 4 > b.length) return undefined;
    const end = at + 2 + b.readUInt16BE(at + 2);
    if (end > b.length) return undefined;
    at = end;
    if (marker === 0xda) {
      // Scan data runs to the next marker that is neither a stuffed 0xFF00 nor a restart marker.
      let next = at;
      while (
        next + 1 < b.length &&
        !(b[next] === 0xff && b[next + 1] !== 0 && (b[next + 1]! < 0xd0 || b[next + 1]! > 0xd7))
      )
        next++;
      spans.push([at, next]);
      at = next;
    }
  }
  return undefined;
}

/** Everything but the compressed data: what a browser sniffing for a page would find. */
function outsideData(bytes: Buffer, spans: Spans | undefined): string {
  if (!spans) return bytes.toString('latin1');
  let text = '';
  let from = 0;
  for (const [start, end] of spans) {
    text += bytes.toString('latin1', from, start) + ' ';
    from = end;
  }
  return text + bytes.toString('latin1', from);
}

/**
 * Whether an image or PDF carries markup outside its data: after the image's end marker or in its text
 * (PNG chunks and JPEG segments, or the whole file when its structure does not walk), or in a PDF outside its
 * streams. Audio is served as it is stored (attachment, nosniff); its data is not looked into.
 */
export function carriesMarkup(type: MediaType, bytes: Buffer): boolean {
  if (type === 'image/png') return MARKUP.test(outsideData(bytes, pngDataSpans(bytes)));
  if (type === 'image/jpeg') return MARKUP.test(outsideData(bytes, jpegDataSpans(bytes)));
  if (type === 'application/pdf')
    return MARKUP.test(bytes.toString('latin1').replace(/\bstream\r?\n[\s\S]*?\bendstream\b/g, ' '));
  return false;
}

export interface UploadRule {
  /** What the upload is, for messages: English code and Chinese name. */
  what: string;
  whatZh: string;
  types: MediaType[];
  maxBytes: number;
}

/**
 * Checks an upload: non-empty, within size, really of an accepted format, as declared, and no page hidden in an
 * image or PDF. Returns its media type, which is what the file is stored and served as.
 */
export function checkUpload(rule: UploadRule, declaredType: string | undefined, bytes: Buffer): MediaType {
  if (bytes.length === 0) throw AppError.badRequest('empty_file', 'the file is empty', '上传的文件是空的');
  if (bytes.length > rule.maxBytes)
    throw new AppError('file_too_large', 413, `a ${rule.what} file may be at most ${rule.maxBytes / 1024 / 1024} MB`, {
      messageZh: `${rule.whatZh}文件不能超过${rule.maxBytes / 1024 / 1024}MB`,
    });
  const detected = detectMediaType(bytes);
  if (!detected || !rule.types.includes(detected))
    throw new AppError(
      'unsupported_file_type',
      415,
      `a ${rule.what} must be one of ${rule.types.join(', ')}; this file is ${detected ?? 'of an unknown format'}`,
      { messageZh: `${rule.whatZh}只支持${rule.types.map((t) => t.split('/')[1]).join('、')}格式` },
    );
  if (carriesMarkup(detected, bytes))
    throw new AppError(
      'unsafe_file_content',
      415,
      `this ${detected} file also carries web markup (svg, html or script) a browser could run`,
      { messageZh: '文件中夹带网页或脚本内容，不能上传' },
    );
  const declared = declaredType?.split(';')[0]?.trim();
  if (declared && declared !== 'application/octet-stream' && declared !== detected)
    throw new AppError('content_type_mismatch', 415, `declared ${declared} but the file is ${detected}`, {
      messageZh: '文件格式与声明不符',
    });
  return detected;
}
