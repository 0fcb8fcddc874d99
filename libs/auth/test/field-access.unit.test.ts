import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIELD_TABLE_END,
  FIELD_TABLE_START,
  fieldAccess,
  fieldAccessMarkdown,
  fieldsFor,
  project,
  readersOf,
  staffRole,
  unverifiedClaims,
  valuesAt,
  type FieldResource,
} from '../src';

const caseRecord = {
  caseId: 'c-1',
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  status: 'investigated',
  person: { personId: 'p_1', name: '陈桂兰', idNumberMasked: '341*************1X', ageAtRegistration: 82 },
  address: { county: '341702', township: '341702001', village: '341702001201', detail: '杏花村12号' },
  declaredGroups: ['tekun'],
  declaredConditions: ['seriously_ill'],
  investigation: { result: { verifiedConditions: ['seriously_ill'], needs: [{ description: '陪同透析' }] } },
  decisions: [],
  itemCodes: ['CZ-QJ-01'],
  channel: 'window',
  openedAt: '2026-11-02T01:00:00.000Z',
};

describe('least privilege by field (fieldAccess)', () => {
  it('gives the department serving a referral the contact the person consented to share, and a provider none', () => {
    const referral = {
      referralId: 'c-1:CZ-JK-01',
      caseId: 'c-1',
      person: { personId: 'p_1', name: '陈桂兰' },
      route: { kind: 'department', departmentCode: 'health' },
      contact: {
        name: '陈桂兰',
        phone: { number: '13905661234', confirmed: true },
        address: { county: '341702', township: '341702001', text: '贵池区秋浦街道 杏花村12号' },
      },
    };
    expect(project('department_staff', 'referral', referral)).toMatchObject({ contact: referral.contact });
    expect(project('provider_staff', 'referral', referral)).not.toHaveProperty('contact');
    expect(project('hotline_operator', 'referral', referral)).not.toHaveProperty('contact');
  });

  it('cuts a case to what a hotline operator reads: number, place, status and name, no health data', () => {
    expect(project('hotline_operator', 'case', caseRecord)).toEqual({
      caseId: 'c-1',
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      status: 'investigated',
      person: { personId: 'p_1', name: '陈桂兰' },
      address: { county: '341702', township: '341702001' },
      itemCodes: ['CZ-QJ-01'],
      channel: 'window',
      openedAt: '2026-11-02T01:00:00.000Z',
    });
    expect(project('township_caseworker', 'case', caseRecord)).toBe(caseRecord);
  });

  it('reaches into each element of an array, and leaves out what is absent or added later', () => {
    const person = {
      personId: 'p_1',
      name: '陈桂兰',
      idNumberMasked: '341*************1X',
      requests: [
        { caseId: 'c-1', status: 'registered', applicant: { name: '陈桂兰', phone: '139' }, household: [{}] },
        { caseId: 'c-2', status: 'approved', somethingNew: true },
      ],
    };
    expect(project('hotline_operator', 'person', person)).toEqual({
      personId: 'p_1',
      name: '陈桂兰',
      requests: [
        { caseId: 'c-1', status: 'registered', applicant: { name: '陈桂兰' } },
        { caseId: 'c-2', status: 'approved' },
      ],
    });
  });

  it('gives operators no documents, no eligibility explanation, and lets routes know their readers', () => {
    expect(fieldsFor('hotline_operator', 'attachment')).toBeUndefined();
    expect(fieldsFor('hotline_operator', 'eligibility')).toBeUndefined();
    expect(readersOf('attachment')).toEqual(['county_officer', 'township_caseworker', 'village_coordinator']);
    expect(readersOf('audit_trail')).toEqual(['county_officer']);
    expect(() => project('hotline_operator', 'attachment', {})).toThrow(/reads nothing/);
    // Every restricted list names fields only once, and every role of the table is a staff role.
    for (const resource of Object.keys(fieldAccess) as FieldResource[])
      for (const role of staffRole.options) {
        const access = fieldsFor(role, resource);
        if (Array.isArray(access)) expect(new Set(access).size).toBe(access.length);
      }
  });

  it('finds the ids and places an audit entry names, through arrays', () => {
    expect(valuesAt([caseRecord, { ...caseRecord, caseId: 'c-2' }], 'caseId')).toEqual(['c-1', 'c-2']);
    expect(
      valuesAt(
        { requests: [{ address: { township: 'a' } }, { address: { township: 'b' } }] },
        'requests.address.township',
      ),
    ).toEqual(['a', 'b']);
    expect(valuesAt(undefined, 'caseId')).toEqual([]);
  });

  it('reads who a token claims to be without trusting it, and nothing from what is not a JWT', () => {
    const claims = Buffer.from(JSON.stringify({ sub: 'mallory', role: 'county_officer', jurisdiction: '341702' }));
    const token = `eyJhbGciOiJIUzI1NiJ9.${claims.toString('base64url')}.c2lnbmF0dXJl`;
    expect(unverifiedClaims(token)).toEqual({ sub: 'mallory', role: 'county_officer', jurisdiction: '341702' });
    expect(unverifiedClaims('not-a-jwt')).toBeUndefined();
    const odd = Buffer.from(JSON.stringify({ sub: 'x', jurisdiction: '34; drop' })).toString('base64url');
    expect(unverifiedClaims(`eyJhbGciOiJIUzI1NiJ9.${odd}.c2ln`)).toEqual({ sub: 'x', role: 'unknown' });
  });

  it('is the table in the README (regenerate with npm run -w @carelink/auth field-table)', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const start = readme.indexOf(FIELD_TABLE_START);
    const end = readme.indexOf(FIELD_TABLE_END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    // Compared cell by cell: the README's copy is padded by prettier.
    const cells = (markdown: string) =>
      markdown
        .split('\n')
        .filter((line) => line.trim().startsWith('|'))
        .map((line) =>
          line
            .split('|')
            .map((cell) => cell.trim().replace(/^-+$/, '---'))
            .join('|'),
        );
    expect(cells(readme.slice(start + FIELD_TABLE_START.length, end))).toEqual(cells(fieldAccessMarkdown()));
  });
});
