import { loadPolicyPacks } from '@carelink/policy';
import {
  findResidentRequests,
  type LatestRequests,
  type PersonLookup,
  type ResidentRequest,
} from '../src/domain/follow-progress/find-resident-requests';

const chizhou = loadPolicyPacks().get('chizhou')!;
const scope = { region: 'chizhou', jurisdiction: '3417', pack: chizhou };

const request = (caseId: string, personId: string, over: Partial<ResidentRequest> = {}): ResidentRequest => ({
  caseId,
  caseNumber: `CZ-${caseId}`,
  personId,
  applicantName: '刘凤英',
  registeredAt: new Date('2026-11-20T08:00:00.000Z'),
  itemCodes: ['CZ-QJ-01'],
  ...over,
});

/** A person lookup and a request store over plain lists: who has which phone, and their requests. */
function lookups(phones: Record<string, string[]>, requests: ResidentRequest[]) {
  const asked: { personIds: string[]; limit: number }[] = [];
  const persons: PersonLookup = {
    personIdOf: (idNumber) => `p_${idNumber}`,
    personIdsByPhone: async (phone) => phones[phone] ?? [],
  };
  const latest: LatestRequests = {
    latestOf: async (personIds, limit) => {
      asked.push({ personIds, limit });
      return requests.filter((r) => personIds.includes(r.personId)).slice(0, limit);
    },
  };
  return { deps: { persons: persons, requests: latest }, asked };
}

describe("finding a resident's requests", () => {
  it('says where each stands in plain words, with the catalogue names of its items', async () => {
    const progress = {
      stage: 'approved' as const,
      at: '2026-11-22T08:00:00.000Z',
      approvedItems: ['CZ-QJ-01'],
      stoppedItems: [],
    };
    const { deps } = lookups({ '13812345678': ['p_a'] }, [request('c1', 'p_a', { progress }), request('c0', 'p_a')]);
    const { personIds, answer } = await findResidentRequests({ phone: '13812345678' }, scope, deps);
    expect(personIds).toEqual(['p_a']);
    expect(answer.person).toEqual({ personId: 'p_a', name: '刘凤英' });
    expect(answer.requests.map((r) => [r.caseId, r.status.code, r.updatedAt])).toEqual([
      ['c1', 'approved', '2026-11-22T08:00:00.000Z'],
      ['c0', 'registered', new Date('2026-11-20T08:00:00.000Z')],
    ]);
    expect(answer.requests[0]!.items[0]!.name).toEqual(expect.objectContaining({ zh: expect.any(String) }));
  });

  it('says whose request each is, by a masked name, when a phone is on several persons’ files', async () => {
    const { deps } = lookups({ '13812345678': ['p_a', 'p_b'] }, [
      request('c2', 'p_b', { applicantName: '张德明' }),
      request('c1', 'p_a'),
    ]);
    const { personIds, answer } = await findResidentRequests({ phone: '13812345678' }, scope, deps);
    expect(personIds).toEqual(['p_b', 'p_a']);
    expect(answer.requests.map((r) => r.applicant)).toEqual([
      { personId: 'p_b', nameMasked: '张*明' },
      { personId: 'p_a', nameMasked: '刘*英' },
    ]);
    expect(JSON.stringify(answer.requests)).not.toContain('张德明');
  });

  it('finds by ID number through the pseudonym, five requests unless asked for more', async () => {
    const { deps, asked } = lookups({}, [request('c1', 'p_341702195001010021')]);
    const { answer } = await findResidentRequests({ idNumber: '341702195001010021' }, scope, deps);
    expect(answer.requests).toHaveLength(1);
    expect(asked).toEqual([{ personIds: ['p_341702195001010021'], limit: 5 }]);
  });

  it('answers nobody found with no person and no requests', async () => {
    const { deps } = lookups({}, []);
    expect(await findResidentRequests({ phone: '13900000000' }, scope, deps)).toEqual({
      personIds: [],
      answer: { person: null, requests: [] },
    });
  });

  it.each([
    ['neither phone nor ID number', {}],
    ['both', { phone: '13812345678', idNumber: '341702195001010021' }],
  ])('refuses %s', async (_what, question) => {
    const { deps } = lookups({}, []);
    await expect(findResidentRequests(question, scope, deps)).rejects.toMatchObject({
      kind: 'invalid',
      code: 'phone_or_id_number',
    });
  });
});
