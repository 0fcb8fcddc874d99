import {
  checkCharacter,
  DomainError,
  parseResidentId,
  useCaseContext,
  type ResidentIdFacts,
} from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import {
  decideStatusChange,
  validateStatusChange,
  type PersonAssistance,
  type RecordStatusChange,
} from '../src/domain/record-status-change/record-status-change';

const chizhou = loadPolicyPacks().get('chizhou')!;
const ctx = useCaseContext(new Date('2026-11-25T08:30:00.000Z'));
const idNumber = '34170219480315022' + checkCharacter('34170219480315022');
const facts = (parseResidentId(idNumber) as { ok: true; facts: ResidentIdFacts }).facts;
const personId = 'p_0123456789abcdef0123456789abcdef';

const leftTekun: RecordStatusChange = {
  region: 'chizhou',
  idNumber,
  name: '王秀英',
  township: '341702001',
  groups: [],
  effectiveFrom: '2026-11-20',
  source: '特困供养系统',
};
const change = (command: RecordStatusChange) => ({ personId, command, facts, recordedBy: 'county-1' });

describe('recording a change of assistance status', () => {
  it('files a person the registers report before intake met them, with nothing held before', () => {
    const { state, events, result } = decideStatusChange(undefined, change({ ...leftTekun, groups: ['dibao'] }), ctx);
    expect(state).toMatchObject({
      name: '王秀英',
      idNumber,
      idNumberMasked: `341702********${idNumber.slice(14)}`,
      sex: 'female',
      assistance: { groups: ['dibao'], since: '2026-11-20', source: '特困供养系统' },
      updatedAt: ctx.now,
    });
    expect(result).toEqual({ personId, groups: ['dibao'], previousGroups: [] });
    expect(events!.map((e) => [e.topic.name, e.type, e.key])).toEqual([
      ['carelink.registry.status.v1', 'registry.status.changed.v1', personId],
    ]);
  });

  it('tells dynamic management which groups the person held before', () => {
    const before: PersonAssistance = {
      ...decideStatusChange(undefined, change({ ...leftTekun, groups: ['tekun', 'tekun'] }), ctx).state!,
    };
    expect(before.assistance!.groups).toEqual(['tekun']);
    const { state, events } = decideStatusChange(before, change(leftTekun), ctx);
    expect(state!.assistance!.groups).toEqual([]);
    expect(events![0]!.data).toMatchObject({
      personId,
      groups: [],
      previousGroups: ['tekun'],
      recordedBy: 'county-1',
      recordedAt: '2026-11-25T08:30:00.000Z',
    });
    expect(JSON.stringify(events)).not.toContain(idNumber);
  });

  it.each([
    ['an unknown region', { region: 'atlantis' }, 'unknown_region'],
    ['a bad ID number', { idNumber: '341702194803150' }, 'invalid_id_number'],
    ['a township of another region', { township: '652301001' }, 'unknown_place'],
  ])('refuses %s', (_what, over, code) => {
    const command = { ...leftTekun, ...over };
    const pack = command.region === 'chizhou' ? chizhou : undefined;
    expect(() => validateStatusChange(command, pack, ctx.now)).toThrow(expect.objectContaining({ code }));
    expect(() => validateStatusChange(command, pack, ctx.now)).toThrow(DomainError);
  });
});
