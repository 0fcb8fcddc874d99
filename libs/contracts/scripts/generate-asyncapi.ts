// Writes docs/asyncapi.yaml from the topic registry. `--check` fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiYaml } from '../src/asyncapi';

const target = join(__dirname, '../../../docs/asyncapi.yaml');
const fresh = asyncApiYaml();
if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== fresh) {
    process.stderr.write('docs/asyncapi.yaml is stale: run `npm run asyncapi`\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, fresh);
  process.stdout.write(`wrote ${target}\n`);
}
