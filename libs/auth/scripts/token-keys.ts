/**
 * Prints a new Ed25519 key pair for tokens, as .env lines: the signing key for the issuer only, the public keys
 * for everyone who checks its tokens. `npm run -w @carelink/auth token-keys -- staff` (or `chatbot`, `ivr`).
 */
import { generateTokenKeys } from '../src/token-keys';

const usage = 'usage: token-keys staff|chatbot|ivr';
const who = process.argv[2];
if (!who || !['staff', 'chatbot', 'ivr'].includes(who)) {
  process.stderr.write(`${usage}\n`);
  process.exit(64);
}
async function main(who: string): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const kid = `${who}-${new Date().toISOString().slice(0, 10)}`;
  const { signingKey, publicKeys } = await generateTokenKeys(kid);
  const prefix = who === 'staff' ? 'STAFF' : 'ADAPTER';
  say(`# ${who}: the signing key goes to ${who === 'staff' ? 'the staff console only' : `the ${who} adapter only`}`);
  say(`${prefix}_TOKEN_SIGNING_KEY='${signingKey}'`);
  say(
    `# the public keys go to ${who === 'staff' ? 'every service and adapter' : 'every service'} (${prefix}_TOKEN_PUBLIC_KEYS: a set; keep the old key beside the new one while rotating${who === 'staff' ? '' : ', and both adapters’ keys'})`,
  );
  say(`${prefix}_TOKEN_PUBLIC_KEYS='${publicKeys}'`);
}

void main(who);
