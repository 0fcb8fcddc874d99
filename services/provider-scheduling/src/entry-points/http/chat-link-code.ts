import { randomInt } from 'node:crypto';

/** Letters and digits a person reads out without mixing them up (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time chat link code: `nb-` (a neighbour's), `vc-` (a coordinator's) or `wk-` (a worker's) and eight characters (~39 bits). */
export function chatLinkCode(prefix: 'nb' | 'vc' | 'wk'): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${code}`;
}
