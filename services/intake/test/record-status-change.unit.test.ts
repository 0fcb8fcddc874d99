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
const county = { sub: 'county-1', region: 'chizhou', jurisdiction: '341702' };
const change = (command: RecordStatusChange, by = county, requestTownships: string[] = []) => ({
  personId,
  command,
  facts,
  by,
  requestTownships,
});

describe('recording a change of assistance status', () => {
  it('files a person the registers report before intake met them, with nothing held before', () => {
    const { state, events, result } = decideStatusChange(undefined, change({ ...leftTekun, groups: ['dibao'] }), ctx);
    expect(state).toMatchObject({
      name: '王秀英',
      idNumber,
      idNumberMasked: `341*************${idNumber.slice(16)}`,
      assistance: { groups: ['dibao'], since: '2026-11-20', source: '特困供养系统' },
      updatedAt: ctx.now,
    });
    expect(state).not.toHaveProperty('birthDate');
    expect(state).not.toHaveProperty('sex');
    expect(result).toEqual({ personId, groups: ['dibao'], previousGroups: [] });
    expect(events!.map((e) => [e.topic.name, e.type, e.key])).toEqual([
      ['carelink.registry.status.v1', 'registry.status.changed.v1', personId],
    ]);
  });

  it('tells a change against what the person declared when applying, until a register has spoken (issue 15)', () => {
    // Applied declaring 特困; the register reports 低保: held before is 特困, not nothing.
    const declared = { ...change({ ...leftTekun, groups: ['dibao'] }), declaredGroups: ['tekun'] };
    const first = decideStatusChange(undefined, declared, ctx);
    expect(first.result).toEqual({ personId, groups: ['dibao'], previousGroups: ['tekun'] });
    expect(first.events![0]!.data).toMatchObject({ groups: ['dibao'], previousGroups: ['tekun'] });
    // Once a register spoke, its word is what was held, whatever was declared.
    const again = decideStatusChange(first.state, { ...declared, command: { ...leftTekun, groups: [] } }, ctx);
    expect(again.result).toEqual({ personId, groups: [], previousGroups: ['dibao'] });
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

  describe('authorised on the stored file, not on the body', () => {
    const filed = decideStatusChange(undefined, change({ ...leftTekun, groups: ['tekun'] }), ctx).state!;
    const otherTownship = { sub: 'clerk-2', region: 'chizhou', jurisdiction: '341702002' };
    const changji = { sub: 'clerk-cj', region: 'changji', jurisdiction: '652301001' };

    it('keeps the reported township on file', () => {
      expect(filed).toMatchObject({ region: 'chizhou', township: '341702001' });
    });

    it('refuses a township caseworker changing a person of another township, whatever township the body names', () => {
      const attempt = () =>
        decideStatusChange(filed, change({ ...leftTekun, township: '341702002' }, otherTownship), ctx);
      expect(attempt).toThrow(expect.objectContaining({ kind: 'forbidden', code: 'outside_jurisdiction' }));
    });

    it("refuses another region's caseworker moving the person into their region", () => {
      const attempt = () =>
        decideStatusChange(filed, change({ ...leftTekun, region: 'changji', township: '652301001' }, changji), ctx);
      expect(attempt).toThrow(expect.objectContaining({ kind: 'forbidden', code: 'outside_jurisdiction' }));
    });

    it("judges a file that keeps no township on its requests' townships", () => {
      const { township: _none, ...older } = filed;
      const attempt = () =>
        decideStatusChange(older, change({ ...leftTekun, township: '341702002' }, otherTownship, ['341702001']), ctx);
      expect(attempt).toThrow(expect.objectContaining({ code: 'outside_jurisdiction' }));
    });

    it('tells the groups held before only to a caller whose authority rests on a stored place', () => {
      expect(decideStatusChange(filed, change(leftTekun), ctx).result).toMatchObject({ previousGroups: ['tekun'] });
      const { township: _none, ...placeless } = filed;
      // A file from before townships were kept, with no request: only its region is known.
      const { result } = decideStatusChange(
        placeless,
        change({ ...leftTekun, township: '341702002' }, otherTownship),
        ctx,
      );
      expect(result).not.toHaveProperty('previousGroups');
    });
  });
});
