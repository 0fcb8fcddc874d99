// Writes docs/policy/<region>.md for every pack of policy/: each rule with its value and source, for a county
// officer to audit against the plan. `--check` fails when a page is stale or a rule names no source.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyPacks, policyPage } from '../src';

const folder = join(__dirname, '../../../docs/policy');
const check = process.argv.includes('--check');
let failed = false;
mkdirSync(folder, { recursive: true });
for (const [region, pack] of loadPolicyPacks()) {
  const target = join(folder, `${region}.md`);
  const { markdown, unsourced } = policyPage(pack);
  if (unsourced.length) {
    process.stderr.write(`policy/${region}.yaml: rules with no source: ${unsourced.join(', ')}\n`);
    failed = true;
  }
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      /* missing: stale */
    }
    if (committed !== markdown) {
      process.stderr.write(`docs/policy/${region}.md is stale: run \`npm run policy-docs\`\n`);
      failed = true;
    }
  } else {
    writeFileSync(target, markdown);
    process.stdout.write(`wrote ${target}\n`);
  }
}
if (failed) process.exit(1);
