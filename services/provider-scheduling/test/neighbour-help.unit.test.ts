/**
 * Neighbour mutual help (邻里互助) without servers: registration (ID checked, masked, jurisdiction), training and
 * pairing, help visits counted only for trained neighbours and paired people, and the village's yearly count.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { PolicyPacks } from '@carelink/policy';
import { countVisitsByNeighbour } from '../src/domain/neighbour-help/count-visits';
import { untrained, type NeighbourState } from '../src/domain/neighbour-help/neighbour';
import { decideRecordNeighbourVisit } from '../src/domain/neighbour-help/record-neighbour-visit';
import {
  decideIssueLinkCode,
  decideLinkChat,
  decidePairNeighbour,
  decideRegisterNeighbour,
} from '../src/domain/neighbour-help/register-neighbour';
import { codeOf, ctx, eventsOf, townshipCaseworker } from './fixtures';

const pack = PolicyPacks.load().get('chizhou')!;
const village = '341702001201';
const coordinator: StaffPrincipal = {
  sub: 'vc-1',
  role: 'village_coordinator',
  region: 'chizhou',
  jurisdiction: village,
};

function givenNeighbour(over: Partial<NeighbourState> = {}): NeighbourState {
  return {
    neighbourId: 'nb_1',
    region: 'chizhou',
    township: '341702001',
    village,
    name: '李阿姨',
    idNumberMasked: '110*************2X',
    phoneMasked: '138****8000',
    training: [
      { course: '简单护理技能', date: '2026-03-01', hours: 4, recordedBy: 'vc-1', recordedAt: '2026-03-01T08:00:00Z' },
    ],
    pairings: [{ pairingId: 'pr-1', personName: '张阿姨', pairedBy: 'vc-1', pairedAt: '2026-03-02T08:00:00Z' }],
    registeredBy: 'vc-1',
    registeredAt: '2026-03-01T08:00:00Z',
    ...over,
  };
}

describe('registering a neighbour', () => {
  const command = { village, name: '李阿姨', idNumber: '11010519491231002X', phone: '13800138000', training: [] };

  it('keeps the ID number and phone apart to be sealed, answers them masked, and tells the platform without them', () => {
    const decision = decideRegisterNeighbour(
      undefined,
      { ...command, neighbourId: 'nb_1', principal: coordinator, pack },
      ctx,
    );
    expect(decision.result!).toMatchObject({
      idNumberMasked: '110*************2X',
      phoneMasked: '138****8000',
      township: '341702001',
    });
    expect(decision.state).toMatchObject({ identity: { idNumber: '11010519491231002X', phone: '13800138000' } });
    expect(JSON.stringify(eventsOf(decision))).not.toContain('11010519491231002X');
    expect(eventsOf(decision).map((e) => e.type)).toEqual(['neighbour.registered.v1']);
  });

  it('refuses a bad ID number, an unknown village, a village outside the caller, and the same person twice', () => {
    const register =
      (over: object, principal = coordinator, current?: NeighbourState) =>
      () =>
        decideRegisterNeighbour(current, { ...command, ...over, neighbourId: 'nb_1', principal, pack }, ctx);
    expect(codeOf(register({ idNumber: '110105194912310021' }))).toBe('invalid_id_number');
    expect(codeOf(register({ village: '341702001999' }))).toBe('unknown_village');
    expect(codeOf(register({ village: '341702001202' }))).toBe('outside_jurisdiction');
    expect(codeOf(register({}, townshipCaseworker('341702001'), givenNeighbour()))).toBe(
      'neighbour_already_registered',
    );
  });
});

describe('training, pairing and chat link codes', () => {
  it('counts training hours and courses taken by the day (the pack asks 4 hours of 简单护理技能)', () => {
    expect(pack.neighbourTraining).toMatchObject({ minHours: 4, courses: ['简单护理技能'] });
    const taken = givenNeighbour().training;
    expect(untrained(taken, pack.neighbourTraining, '2026-03-01')).toBeUndefined();
    expect(untrained(taken, pack.neighbourTraining, '2026-02-28')).toEqual({
      hours: 0,
      minHours: 4,
      missingCourses: ['简单护理技能'],
    });
  });

  it('pairs a person once', () => {
    const once = decidePairNeighbour(givenNeighbour(), { principal: coordinator, personName: '王大爷' }, ctx);
    expect(once.result!.pairings.map((p) => p.personName)).toEqual(['张阿姨', '王大爷']);
    expect(codeOf(() => decidePairNeighbour(once.result!, { principal: coordinator, personName: '王大爷' }, ctx))).toBe(
      'already_paired',
    );
  });

  it('links a chat with the code issued, once, before it expires', () => {
    const issued = decideIssueLinkCode(givenNeighbour(), { principal: coordinator, codeIndex: 'idx-1' }, ctx).state!;
    expect(codeOf(() => decideLinkChat(issued, { codeIndex: 'idx-2' }, ctx))).toBe('link_code_invalid');
    const linked = decideLinkChat(issued, { codeIndex: 'idx-1' }, ctx).state!;
    expect(linked.chatLinkedAt).toBe(ctx.now.toISOString());
    expect(linked.linkCode).toBeUndefined();
    expect(codeOf(() => decideLinkChat(linked, { codeIndex: 'idx-1' }, ctx))).toBe('link_code_invalid');
    const later = { ...ctx, now: new Date(ctx.now.getTime() + 73 * 3600_000) };
    expect(codeOf(() => decideLinkChat(issued, { codeIndex: 'idx-1' }, later))).toBe('link_code_invalid');
  });
});

describe('recording a help visit', () => {
  const visit = (neighbour: NeighbourState, over: object = {}, principal = coordinator) =>
    decideRecordNeighbourVisit(
      undefined,
      {
        date: '2026-11-20',
        pairingId: 'pr-1',
        itemCode: 'CZ-LL-01',
        content: '打扫、陪聊',
        visitId: 'v-1',
        neighbour,
        principal,
        pack,
        ...over,
      },
      ctx,
    );

  it('records the visit of a trained neighbour to a paired person and publishes what settlement counts', () => {
    const decision = visit(givenNeighbour());
    expect(eventsOf(decision)).toEqual([
      {
        topic: 'carelink.scheduling.neighbour-help.v1',
        type: 'neighbour-visit.recorded.v1',
        key: 'nb_1',
        data: expect.objectContaining({ neighbourId: 'nb_1', village, date: '2026-11-20', itemCode: 'CZ-LL-01' }),
      },
    ]);
    expect(decision.result!).toMatchObject({ year: '2026', personName: '张阿姨' });
  });

  it('refuses an untrained neighbour, an unpaired person, a day ahead, an unknown item and another village’s staff', () => {
    expect(codeOf(() => visit(givenNeighbour({ training: [] })))).toBe('neighbour_not_trained');
    expect(codeOf(() => visit(givenNeighbour(), { date: '2026-02-20' }))).toBe('neighbour_not_trained');
    expect(codeOf(() => visit(givenNeighbour(), { pairingId: 'pr-9' }))).toBe('not_paired');
    expect(codeOf(() => visit(givenNeighbour(), { date: '2026-11-26' }))).toBe('visit_in_future');
    expect(codeOf(() => visit(givenNeighbour(), { itemCode: 'NOPE' }))).toBe('unknown_item');
    const elsewhere: StaffPrincipal = { ...coordinator, jurisdiction: '341702001202' };
    expect(codeOf(() => visit(givenNeighbour(), {}, elsewhere))).toBe('outside_jurisdiction');
  });
});

describe('the village’s yearly count', () => {
  it('counts each neighbour’s visits of the year (none at 0), people helped and months', () => {
    const neighbours = [
      { neighbourId: 'a', name: '李阿姨', village },
      { neighbourId: 'b', name: '王叔叔', village },
      { neighbourId: 'c', name: '赵姐', village: '341702001202' },
    ];
    const visits = [
      { neighbourId: 'a', date: '2026-01-05', pairingId: 'p1' },
      { neighbourId: 'a', date: '2026-01-19', pairingId: 'p1' },
      { neighbourId: 'a', date: '2026-03-02', pairingId: 'p2' },
      { neighbourId: 'a', date: '2025-12-30', pairingId: 'p1' },
      { neighbourId: 'c', date: '2026-06-01', pairingId: 'p3' },
      { neighbourId: 'zz', date: '2026-06-01', pairingId: 'p3' },
    ];
    expect(countVisitsByNeighbour(neighbours, visits, '2026')).toEqual([
      {
        neighbourId: 'a',
        name: '李阿姨',
        village,
        year: '2026',
        visits: 3,
        people: 2,
        byMonth: { '2026-01': 2, '2026-03': 1 },
      },
      { neighbourId: 'b', name: '王叔叔', village, year: '2026', visits: 0, people: 0, byMonth: {} },
      {
        neighbourId: 'c',
        name: '赵姐',
        village: '341702001202',
        year: '2026',
        visits: 1,
        people: 1,
        byMonth: { '2026-06': 1 },
      },
    ]);
  });
});
