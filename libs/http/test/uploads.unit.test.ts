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
