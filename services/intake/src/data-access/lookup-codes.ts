import type { FieldCipher, StateMapping } from '@carelink/store';
import { randomInt } from 'node:crypto';
import type { Records } from '../domain/intake-records';
import { lookupCodeRules, type LookupCode } from '../domain/follow-progress/lookup-code';
import { recordsOf, type IntakeCommits } from './records';

const LOOKUP_CODES = 'lookup_codes';

/** One-time look-up codes, one per target (`phone:<keyed index>`, `person:<person id>`): digests only. */
const lookupCodeMapping: StateMapping<LookupCode> = {
  collection: LOOKUP_CODES,
  toDocument: (code) => ({ ...code }),
  fromDocument: (document) => {
    const { _id: _target, ...code } = document as unknown as LookupCode & { _id: string };
    return code;
  },
};

/** Look-up codes as use cases change them (issued, tried), through the commit port. */
export function lookupCodeRecords(commits: IntakeCommits): Records<LookupCode> {
  return recordsOf(commits, lookupCodeMapping);
}

/** A random code of the rules' length, leading zeros kept. */
export function newLookupCode(): string {
  return String(randomInt(0, 10 ** lookupCodeRules.digits)).padStart(lookupCodeRules.digits, '0');
}

/** Keyed digest of a code for its target: what is stored instead of the code. */
export function lookupCodeDigest(cipher: FieldCipher) {
  return (target: string, code: string) => cipher.blindIndex(`${target}:${code}`, 'lookup-code');
}
