import { AppError } from '../src/app-error';
import { checkUpload, detectMediaType } from '../src/uploads';

const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.alloc(8)]);
const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(16)]);
const pdf = Buffer.from('%PDF-1.7\n');
const voice = { what: 'voice_note', whatZh: '语音', types: ['audio/ogg', 'audio/wav'] as const, maxBytes: 64 };
const rule = { ...voice, types: [...voice.types] };
const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return `${(e as AppError).status} ${(e as AppError).code}`;
  }
};

describe('uploads', () => {
  it('recognise formats by their signature, not their name', () => {
    expect(detectMediaType(wav)).toBe('audio/wav');
    expect(detectMediaType(ogg)).toBe('audio/ogg');
    expect(detectMediaType(pdf)).toBe('application/pdf');
    expect(detectMediaType(Buffer.from('hello'))).toBeUndefined();
  });

  it('accept what the rule allows, as declared or as octet-stream; refuse empty, large, other or mislabelled files', () => {
    expect(checkUpload(rule, 'audio/wav', wav)).toBe('audio/wav');
    expect(checkUpload(rule, 'application/octet-stream', ogg)).toBe('audio/ogg');
    expect(checkUpload(rule, undefined, ogg)).toBe('audio/ogg');
    expect(codeOf(() => checkUpload(rule, 'audio/wav', Buffer.alloc(0)))).toBe('400 empty_file');
    expect(codeOf(() => checkUpload(rule, 'audio/wav', Buffer.concat([wav, Buffer.alloc(64)])))).toBe(
      '413 file_too_large',
    );
    expect(codeOf(() => checkUpload(rule, 'application/pdf', pdf))).toBe('415 unsupported_file_type');
    expect(codeOf(() => checkUpload(rule, 'audio/ogg', wav))).toBe('415 content_type_mismatch');
  });
});

describe('uploads that hide a page', () => {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // Compressed data may hold any bytes, "<svg " too: it is not where a browser looks for a page.
  const png = Buffer.concat([
    signature,
    chunk('IHDR', Buffer.alloc(13, 1)),
    chunk('IDAT', Buffer.from('x\x9c<svg \x00\x01', 'latin1')),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const segment = (marker: number, data: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(data.length + 2, 2);
    return Buffer.concat([head, data]);
  };
  const jpeg = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01', 'latin1')),
    segment(0xda, Buffer.alloc(10, 2)),
    Buffer.from('\x12<script \xff\x00\x34', 'latin1'),
    Buffer.from([0xff, 0xd9]),
  ]);
  const images = {
    what: 'photo',
    whatZh: '照片',
    types: ['image/png', 'image/jpeg', 'application/pdf'],
    maxBytes: 4096,
  };
  const rules = { ...images, types: [...images.types] as ('image/png' | 'image/jpeg' | 'application/pdf')[] };
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>');

  it('accept real images and PDFs, whatever their compressed data holds', () => {
    expect(checkUpload(rules, 'image/png', png)).toBe('image/png');
    expect(checkUpload(rules, 'image/jpeg', jpeg)).toBe('image/jpeg');
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Length 20 >>\nstream\n<script>x</script>\nendstream\nendobj\n%%EOF');
    expect(checkUpload(rules, 'application/pdf', pdf)).toBe('application/pdf');
  });

  it('refuse a PNG header followed by <svg onload>', () => {
    expect(codeOf(() => checkUpload(rules, 'image/png', Buffer.concat([signature, svg])))).toBe(
      '415 unsafe_file_content',
    );
  });

  it('refuse markup after the end marker of a PNG or JPEG, or in their text', () => {
    expect(codeOf(() => checkUpload(rules, 'image/png', Buffer.concat([png, svg])))).toBe('415 unsafe_file_content');
    const text = Buffer.concat([signature, chunk('tEXt', Buffer.from('Comment\0<html><body>hi')), png.subarray(8)]);
    expect(codeOf(() => checkUpload(rules, 'image/png', text))).toBe('415 unsafe_file_content');
    expect(
      codeOf(() => checkUpload(rules, 'image/jpeg', Buffer.concat([jpeg, Buffer.from('<script>x</script>')]))),
    ).toBe('415 unsafe_file_content');
  });

  it('refuse a PDF with HTML outside its streams', () => {
    const pdf = Buffer.from('%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF');
    expect(codeOf(() => checkUpload(rules, 'application/pdf', pdf))).toBe('415 unsafe_file_content');
  });
});
