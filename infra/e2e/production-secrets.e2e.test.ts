/**
 * Every entry point (the six services and the two channel adapters), started as a process the way a
 * deployment starts it, with NODE_ENV=production and without CARELINK_ENV=local: without its secrets, or with
 * the development defaults written in the source, it stops at once with exit code 78 (EX_CONFIG) and names
 * each such key, the first one first. No server is needed: nothing may be reached before the config holds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createConfig as ivrConfig } from '../../bots/ivr/src/config';
import { createConfig as telegramConfig } from '../../bots/telegram/src/config';
import { createConfig as assessmentConfig } from '../../services/assessment/src/config';
import { createConfig as complaintsConfig } from '../../services/complaints/src/config';
import { createConfig as intakeConfig } from '../../services/intake/src/config';
import { createConfig as schedulingConfig } from '../../services/provider-scheduling/src/config';
import { createConfig as referralConfig } from '../../services/referral/src/config';
import { createConfig as settlementConfig } from '../../services/settlement/src/config';
import { REPO } from './platform';

type LoadConfig = (env: Record<string, string | undefined>) => object;

/** The public keys every service checks tokens with (they verify; none can sign). */
const TOKEN_KEYS = ['STAFF_TOKEN_PUBLIC_KEYS', 'ADAPTER_TOKEN_PUBLIC_KEYS'];

/** Entry point, its config, and its secrets in the order its schema lists them. */
const entryPoints: [string, LoadConfig, string[]][] = [
  ['services/intake/src/start.ts', intakeConfig, [...TOKEN_KEYS, 'PERSON_DATA_KEY', 'PERSON_INDEX_KEY']],
  ['services/assessment/src/start.ts', assessmentConfig, TOKEN_KEYS],
  ['services/referral/src/start.ts', referralConfig, [...TOKEN_KEYS, 'WEBHOOK_SECRET_KEY', 'CONTACT_DATA_KEY']],
  ['services/provider-scheduling/src/start.ts', schedulingConfig, [...TOKEN_KEYS, 'WORKER_DATA_KEY', 'WORKER_INDEX_KEY']],
  ['services/settlement/src/start.ts', settlementConfig, TOKEN_KEYS],
  ['services/complaints/src/start.ts', complaintsConfig, [...TOKEN_KEYS, 'REPORTER_DATA_KEY', 'REPORTER_INDEX_KEY']],
  [
    'bots/telegram/src/start.ts',
    telegramConfig,
    [...TOKEN_KEYS, 'TELEGRAM_BOT_TOKEN', 'BOT_DATA_KEY', 'ADAPTER_TOKEN_SIGNING_KEY'],
  ],
  [
    'bots/ivr/src/start.ts',
    ivrConfig,
    ['VOICE_AUTH_TOKEN', 'IVR_DATA_KEY', 'STAFF_TOKEN_PUBLIC_KEYS', 'ADAPTER_TOKEN_SIGNING_KEY'],
  ],
];
const allSecrets = new Set(entryPoints.flatMap(([, , keys]) => keys));

/** This process's environment as a production host would have it: no local mode, none of the secrets. */
function productionEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'CARELINK_ENV' && !allSecrets.has(key)),
  );
  return { ...env, NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'silent', ...extra };
}

/** Runs an entry point to its end; one still running after a minute started without its secrets. */
function run(entry: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(REPO, entry)], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} was still running after 60 s: it started without its secrets\n${stderr}`));
    }, 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** The config problems on stderr, one `KEY: message` per line, in order. */
const problems = (stderr: string) =>
  stderr
    .split('\n')
    .map((line) => /^ {2}([A-Z_]+): (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[1]!, message: m[2]! }));

describe.each(entryPoints)('%s with NODE_ENV=production', (entry, loadConfig, secrets) => {
  it('without its secrets exits 78 naming each, the first one first', async () => {
    const { code, stderr } = await run(entry, productionEnv());
    expect(code).toBe(78);
    const named = problems(stderr).filter((p) => /^required/.test(p.message));
    expect(named[0]?.key).toBe(secrets[0]);
    for (const key of secrets) expect(named.map((p) => p.key)).toContain(key);
  });

  it('with the development defaults written in the source exits 78 naming each', async () => {
    // The defaults as the source has them: what the config gives in local mode.
    const local = loadConfig({ CARELINK_ENV: 'local' }) as Record<string, unknown>;
    const defaults = Object.fromEntries(secrets.map((key) => [key, String(local[key])]));
    const { code, stderr } = await run(entry, productionEnv(defaults));
    expect(code).toBe(78);
    const refused = problems(stderr).filter((p) => /^is a development default/.test(p.message));
    expect(refused.map((p) => p.key)).toEqual(secrets);
  });
});

describe('token keys', () => {
  it.each(entryPoints)('%s holds no key that signs staff tokens, only its own adapter key', (entry, loadConfig) => {
    const local = loadConfig({ CARELINK_ENV: 'local' }) as Record<string, unknown>;
    expect(Object.keys(local)).not.toContain('STAFF_TOKEN_SIGNING_KEY');
    const privateKeys = Object.values(local)
      .filter((v): v is string => typeof v === 'string' && v.startsWith('{'))
      .map((v) => JSON.parse(v) as { d?: string; kid?: string })
      .filter((k) => k.d !== undefined);
    const adapter = /bots\/(ivr|telegram)/.exec(entry)?.[1];
    expect(privateKeys.map((k) => k.kid?.split('-')[0])).toEqual(
      adapter ? [adapter === 'ivr' ? 'ivr' : 'chatbot'] : [],
    );
  });
});
