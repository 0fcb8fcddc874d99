import type { StaffPrincipal } from '@carelink/auth';
import type { Request } from 'express';
import { AppError, assertRolesRead, projectAnswer, readEntry, refusalEntry } from '../src';

const operator: StaffPrincipal = { sub: 'op-1', role: 'hotline_operator', region: 'chizhou', jurisdiction: '34' };
const request = (init: Partial<Request>) => ({ method: 'GET', path: '/x', headers: {}, ...init }) as Request;

describe('reads of personal data and refusals at the HTTP edge', () => {
  it('refuses to declare a read route that lets in a role the field table gives nothing of it', () => {
    expect(() =>
      assertRolesRead('GET /attachments/:attachmentId', ['township_caseworker', 'hotline_operator'], {
        resource: 'attachment',
      }),
    ).toThrow(/hotline_operator/);
    expect(() => assertRolesRead('GET /cases', ['hotline_operator'], { resource: 'case', list: true })).not.toThrow();
    expect(() => assertRolesRead('GET /cases', undefined, { resource: 'case' })).toThrow(/must name its roles/);
  });

  it('audits a list in one entry naming each record returned and its places, then cuts each item', () => {
    const answer = {
      items: [
        { caseId: 'c-1', status: 'open', declaredConditions: ['seriously_ill'], address: { township: '341702001' } },
        { caseId: 'c-2', status: 'decided', declaredConditions: [], address: { township: '341721003' } },
      ],
    };
    const served = { resource: 'GET /cases', params: {} };
    const entry = readEntry(operator, served, { resource: 'case', list: true }, answer, { status: 'open' });
    expect(entry).toMatchObject({
      actor: 'op-1',
      role: 'hotline_operator',
      actorJurisdiction: '34',
      action: 'read',
      subjectType: 'case',
      subjectIds: ['c-1', 'c-2'],
      places: ['341702001', '341721003'],
      resource: 'GET /cases',
      query: { status: 'open' },
    });
    expect(entry.subjectId).toBeUndefined();
    expect(projectAnswer('hotline_operator', { resource: 'case', list: true }, answer)).toEqual({
      items: [
        { caseId: 'c-1', status: 'open', address: { township: '341702001' } },
        { caseId: 'c-2', status: 'decided', address: { township: '341721003' } },
      ],
    });
  });

  it('names the record a one-record read sent itself by its path', () => {
    const served = { resource: 'GET /attachments/:attachmentId', params: { attachmentId: 'a-1' } };
    const entry = readEntry(operator, served, { resource: 'attachment' }, undefined, {});
    expect(entry).toMatchObject({ subjectId: 'a-1', subjectIds: ['a-1'], places: [] });
    expect(entry).not.toHaveProperty('query');
  });

  it('audits every 403 and a 401 of a readable token (unverified); not a 401 without one, nor a 404', () => {
    const forbidden = AppError.forbidden('role_not_allowed', 'role hotline_operator may not do this');
    const served = {
      resource: 'GET /attachments/:attachmentId',
      reads: { resource: 'attachment' as const },
      params: { attachmentId: 'a-1' },
    };
    expect(refusalEntry(request({ principal: operator, servedRoute: served }), forbidden)).toMatchObject({
      actor: 'op-1',
      role: 'hotline_operator',
      action: 'denied',
      subjectType: 'attachment',
      subjectIds: ['a-1'],
      resource: 'GET /attachments/:attachmentId',
      refusal: { status: 403, code: 'role_not_allowed', detail: 'role hotline_operator may not do this' },
    });
    const invalid = new AppError('invalid_token', 401, 'the bearer token is not valid');
    const claims = Buffer.from(JSON.stringify({ sub: 'mallory', role: 'county_officer' })).toString('base64url');
    const claimed = refusalEntry(
      request({ headers: { authorization: `Bearer eyJhbGciOiJIUzI1NiJ9.${claims}.c2ln` } }),
      invalid,
    );
    expect(claimed).toMatchObject({ actor: 'mallory', role: 'county_officer', verified: false, resource: 'GET /x' });
    expect(refusalEntry(request({ headers: { authorization: 'Bearer junk' } }), invalid)).toBeUndefined();
    expect(refusalEntry(request({ principal: operator }), AppError.notFound('case', '个案'))).toBeUndefined();
  });
});

describe('what of a query the audit trail keeps', () => {
  it('never a one-time code, and a phone or ID number only masked', () => {
    const { auditableQuery } = jest.requireActual('../src/access-audit') as typeof import('../src/access-audit');
    expect(auditableQuery({ phone: '13905660001', code: '123456', status: 'open' })).toEqual({
      phone: '*******0001',
      status: 'open',
    });
    expect(auditableQuery({ idNumber: '341702194404040710' })).toEqual({ idNumber: '341*************10' });
    // An ID number typed into a search box is kept masked too, whatever the parameter's name.
    expect(auditableQuery({ q: ' 34170219440404071X ', stage: 'new' })).toEqual({
      q: '341*************1X',
      stage: 'new',
    });
    expect(auditableQuery({ q: '陈桂兰' })).toEqual({ q: '陈桂兰' });
    expect(auditableQuery({ code: '1' })).toBeUndefined();
    expect(auditableQuery(undefined)).toBeUndefined();
  });
});
