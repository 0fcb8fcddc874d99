// Writes the README's role × resource × field table from `fieldAccess`. `--check` fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { FIELD_TABLE_END, FIELD_TABLE_START, fieldAccessMarkdown } from '../src/field-access';

const readme = join(__dirname, '../../../README.md');

async function main(): Promise<void> {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(FIELD_TABLE_START);
  const end = text.indexOf(FIELD_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${FIELD_TABLE_START} … ${FIELD_TABLE_END} section`);
  const table = await format(fieldAccessMarkdown(), { parser: 'markdown', printWidth: 120 });
  const fresh = `${text.slice(0, start + FIELD_TABLE_START.length)}\n\n${table}\n${text.slice(end)}`;
  if (process.argv.includes('--check')) {
    if (fresh !== text) {
      process.stderr.write('the field table in README.md is stale: run `npm run -w @carelink/auth field-table`\n');
      process.exit(1);
    }
    return;
  }
  writeFileSync(readme, fresh);
  process.stdout.write(`wrote the field table in ${readme}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
