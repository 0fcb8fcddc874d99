import { describe, expect, it } from '@jest/globals';
import { readAuditWhat } from './audit-what';

describe('what a console audit entry says', () => {
  it('reads an account created, with its role, username and place', () => {
    expect(readAuditWhat('create township_caseworker li-ming at 341702001')).toEqual({
      kind: 'create',
      role: 'township_caseworker',
      username: 'li-ming',
      jurisdiction: '341702001',
    });
  });

  it('reads an account changed, field by field', () => {
    expect(readAuditWhat('change li-ming: role, jurisdiction, resetPassword')).toEqual({
      kind: 'change',
      username: 'li-ming',
      fields: ['role', 'jurisdiction', 'resetPassword'],
    });
  });

  it('knows the sign-in and credential entries, and keeps any other text as written', () => {
    expect(readAuditWhat('sign in')).toEqual({ kind: 'known', key: 'sign in' });
    expect(readAuditWhat('turn two-step sign-in off')).toEqual({ kind: 'known', key: 'turn two-step sign-in off' });
    expect(readAuditWhat('something new')).toEqual({ kind: 'text', text: 'something new' });
  });
});
