import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENTS_DIR, documentText, openApiServices, TYPES_DIR } from './generate-openapi';

const REPO = join(__dirname, '../..');

/** The generator as `npm run openapi` runs it, on one service, writing under `root`. */
function generate(root: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules/tsx/dist/cli.mjs'),
      '--conditions=source',
      join(__dirname, 'generate-openapi.ts'),
      '--root',
      root,
      ...args,
    ],
    { cwd: REPO, encoding: 'utf8' },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** No server is started: the routes are declared on an app that never listens. */
describe('the OpenAPI generator', () => {
  it("builds settlement's document from its route declarations, keys sorted", () => {
    const document = openApiServices.settlement();
    expect(document.info).toEqual({ title: 'carelink settlement', version: '1.0.0' });
    const paths = document.paths as Record<string, Record<string, { security?: unknown; 'x-roles'?: unknown }>>;
    expect(paths['/statements']!.get!.security).toEqual([{ staffJwt: [] }]);
    // The host adds the audit trail to every service it starts.
    expect(paths['/audit-trail']!.get!['x-roles']).toEqual(['county_officer']);

    const text = documentText(document);
    const written = Object.keys(JSON.parse(text).paths as object);
    expect(written).toEqual([...written].sort());
    expect(text.endsWith('}\n')).toBe(true);
  });

  describe('writing to a directory, then --check', () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'carelink-openapi-'));
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('writes the JSON document and the openapi-typescript types', () => {
      const run = generate(root, 'settlement', 'complaints');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const document = JSON.parse(readFileSync(join(root, DOCUMENTS_DIR, 'settlement.json'), 'utf8'));
      expect(Object.keys(document.paths)).toContain('/statements');
      const types = readFileSync(join(root, TYPES_DIR, 'settlement.ts'), 'utf8');
      expect(types).toContain('export interface paths');
      expect(types).toContain('"/statements": {');
      // Only the services asked for.
      expect(existsSync(join(root, DOCUMENTS_DIR, 'intake.json'))).toBe(false);
    }, 300_000);

    it('passes while they are current; then fails naming the changed and the missing file, and only those', () => {
      expect(generate(root, '--check', 'settlement', 'complaints').code).toBe(0);

      const document = join(root, DOCUMENTS_DIR, 'settlement.json');
      writeFileSync(document, readFileSync(document, 'utf8').replace('"/statements"', '"/statement"'));
      rmSync(join(root, TYPES_DIR, 'settlement.ts'));
      const run = generate(root, '--check', 'settlement', 'complaints');
      expect(run.code).toBe(1);
      const named = run.stderr
        .split('\n')
        .filter((line) => line.startsWith('  '))
        .map((line) => line.trim());
      expect(named).toEqual([`${DOCUMENTS_DIR}/settlement.json (differs)`, `${TYPES_DIR}/settlement.ts (missing)`]);
    }, 300_000);
  });
});
