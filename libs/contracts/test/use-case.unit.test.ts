import { CaseOpened, ComplaintRated, DomainError, draft, stamp, topics, useCaseContext, VisitScheduled } from '../src';

const caseOpened = {
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
};

const complaintRated = {
  complaintId: 'c-1',
  complaintNumber: 'TS-2026-000001',
  region: 'chizhou',
  score: 5,
  ratedAt: '2026-11-30T08:00:00.000Z',
};

describe('event drafts', () => {
  it('binds an event to a topic that carries it, and only to such a topic', () => {
    const visit = () =>
      // @ts-expect-error case.opened.v1 is not carried by carelink.scheduling.visits.v1
      draft(topics.visits, CaseOpened, { key: 'k', data: caseOpened as never });
    expect(typeof visit).toBe('function');
    // and a payload that does not match the schema is refused when drafted, not when published
    expect(() => draft(topics.visits, VisitScheduled, { key: 'k', data: { caseId: 'x' } as never })).toThrow();
  });

  it('is stamped with source, time, trace context and an id unless it has one', () => {
    const ctx = useCaseContext(new Date('2026-11-30T08:00:00Z'));
    const d = draft(topics.complaints, ComplaintRated, { key: 'c-1', data: complaintRated, id: ctx.derivedId('x') });
    const p = stamp(d, { source: '/carelink/complaints', time: ctx.now, traceparent: 'tp', newId: ctx.newId });
    expect(p.topic).toBe(topics.complaints);
    expect(p.event).toMatchObject({
      specversion: '1.0',
      id: ctx.derivedId('x'),
      source: '/carelink/complaints',
      type: 'complaint.rated.v1',
      time: '2026-11-30T08:00:00.000Z',
      partitionkey: 'c-1',
      subject: 'c-1',
      traceparent: 'tp',
    });
    const fresh = stamp({ ...d, id: undefined }, { source: 's', time: ctx.now, newId: ctx.newId });
    expect(fresh.event.id).not.toBe(p.event.id);
    expect(fresh.event.traceparent).toBeUndefined();
  });
});

describe('DomainError', () => {
  it('carries a kind the edges map, a code, and both languages', () => {
    const e = DomainError.conflict('already_decided', 'the case is already decided', '该案件已作出决定');
    expect(e).toBeInstanceOf(Error);
    expect([e.kind, e.code, e.message, e.messageZh]).toEqual([
      'conflict',
      'already_decided',
      'the case is already decided',
      '该案件已作出决定',
    ]);
    expect(DomainError.notFound('case', '案件').message).toBe('case was not found');
  });
});
