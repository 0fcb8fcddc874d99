import { freeText, stripInvisible } from '../src';

describe('free text', () => {
  const invisible = [
    ...[0x202a, 0x202b, 0x202c, 0x202d, 0x202e], // bidi embeddings and overrides
    ...[0x2066, 0x2067, 0x2068, 0x2069], // bidi isolates
    ...[0x200b, 0x200c, 0x200d, 0xfeff], // zero-width
  ].map((c) => String.fromCharCode(c));

  it.each(invisible.map((c) => [c.charCodeAt(0).toString(16), c]))('strips U+%s', (_code, c) => {
    expect(stripInvisible(`刘${c}秀英`)).toBe('刘秀英');
  });

  it('strips before trimming and counting: a name of only invisible characters is empty', () => {
    const name = freeText().trim().min(1).max(3);
    expect(name.parse(` \u202E刘秀英\u202C\u200B `)).toBe('刘秀英');
    expect(name.safeParse('\u200B\u202E\uFEFF').success).toBe(false);
    expect(name.safeParse('刘\u200B秀\u200B英').success).toBe(true);
  });

  it('keeps every other character, Uyghur and line breaks included', () => {
    expect(stripInvisible('ئابدۇللا\n王 ئەخمەت')).toBe('ئابدۇللا\n王 ئەخمەت');
  });
});
