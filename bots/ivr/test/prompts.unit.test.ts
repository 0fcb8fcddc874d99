import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPair, isScalar, parseDocument, visit, type Node } from 'yaml';
import { defaultPromptsDir } from '../src/data-access/prompt-files';

const files = readdirSync(defaultPromptsDir()).filter((f) => f.endsWith('.yaml'));

/** Every text of a prompts file with where it is (`languages.ug.askId`), as YAML parses it. */
function textsOf(source: string): { path: string; node: Node }[] {
  const found: { path: string; node: Node }[] = [];
  visit(parseDocument(source), {
    Scalar(key, node, path) {
      // Texts only: the values of mappings and items of lists, not the keys.
      if (key === 'key') return;
      const keys = path.filter(isPair).map((p) => String((p.key as { value?: unknown }).value));
      found.push({ path: keys.join('.'), node });
    },
  });
  return found;
}

describe('the prompt files say every prompt in full', () => {
  it('ships prompts for both regions', () => {
    expect(files.sort()).toEqual(['changji.yaml', 'chizhou.yaml']);
  });

  it.each(files)('%s: no text ends in a YAML comment (an unquoted " #" cuts the prompt short)', (file) => {
    const source = readFileSync(join(defaultPromptsDir(), file), 'utf8');
    const cut = textsOf(source)
      .filter(({ node }) => isScalar(node) && node.comment !== undefined)
      .map(({ path, node }) => `${path}: ${String((node as { value: unknown }).value)}`);
    expect(cut).toEqual([]);
  });

  it.each(files)('%s: every prompt reads as written on its line (parsed text = the raw text)', (file) => {
    const source = readFileSync(join(defaultPromptsDir(), file), 'utf8');
    for (const { node } of textsOf(source)) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
      const raw = source.slice(node.range[0], node.range[1]).trim();
      const unquoted =
        raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw.replace(/^"|"$/g, '');
      expect(node.value).toBe(unquoted);
    }
  });

  it('catches a cut prompt: the old Uyghur ID-number prompt would fail', () => {
    const old = 'languages:\n  ug:\n    askId: كىرگۈزۈڭ، تۈگىگەندە # نى بېسىڭ.\n';
    const texts = textsOf(old).filter(({ node }) => isScalar(node) && node.comment !== undefined);
    expect(texts.map((t) => t.path)).toEqual(['languages.ug.askId']);
  });

  it('the Uyghur prompts that ask for # say it', () => {
    const source = readFileSync(join(defaultPromptsDir(), 'changji.yaml'), 'utf8');
    const ug = Object.fromEntries(
      textsOf(source)
        .filter(({ path }) => path.startsWith('languages.ug.'))
        .map(({ path, node }) => [path.slice('languages.ug.'.length), String((node as { value: unknown }).value)]),
    );
    for (const key of ['askId', 'askCode', 'askApplyMessage', 'askComplaintMessage', 'askFirstName', 'askFirstNeed'])
      expect(ug[key]).toMatch(/# نى بېسىڭ/);
  });
});
