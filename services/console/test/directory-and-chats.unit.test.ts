import { PolicyPacks } from '@carelink/policy';
import { chatQueueChanges } from '../src/domain/chat-queue/chat-queue-changes';
import { directoryOf, jurisdictionNameOf } from '../src/domain/directory/directory';

const policies = PolicyPacks.load();
const chizhou = policies.get('chizhou')!;

describe('names for codes', () => {
  it('names counties, townships and villages; codes above the counties by the region; unknown codes by themselves', () => {
    expect(jurisdictionNameOf(chizhou, '341702')).toBe('贵池区');
    expect(jurisdictionNameOf(chizhou, '341702001')).toBe('池阳街道');
    expect(jurisdictionNameOf(chizhou, '341702001201')).toBe('示范社区甲');
    expect(jurisdictionNameOf(chizhou, '3417')).toBe('池州市');
    expect(jurisdictionNameOf(chizhou, '341799')).toBe('341799');
    expect(jurisdictionNameOf(undefined, '341702')).toBe('341702');
  });

  it('the directory of a region: places with levels and parents, items, delivery modes, departments, groups, providers once', () => {
    const directory = directoryOf(chizhou, [
      { providerId: 'demo-cz-sunshine', name: '阳光社会工作服务中心（演示）' },
      { providerId: 'demo-cz-sunshine', name: 'a second contract' },
    ]);
    expect(directory.region).toEqual({ code: 'chizhou', name: '池州市', nameEn: 'Chizhou' });
    expect(directory.jurisdictions).toContainEqual({
      code: '341702001',
      name: '池阳街道',
      level: 'township',
      parent: '341702',
    });
    expect(directory.jurisdictions).toContainEqual({
      code: '341702001201',
      name: '示范社区甲',
      level: 'village',
      parent: '341702001',
      demo: true,
    });
    expect(directory.items).toContainEqual(
      expect.objectContaining({ code: 'CZ-JK-01', name: '上门健康监测', delivery: 'department', department: 'health' }),
    );
    expect(directory.deliveryModes.map((m) => m.code).sort()).toEqual([
      'charity',
      'department',
      'institution',
      'purchased',
    ]);
    expect(directory.departments).toContainEqual({ code: 'health', name: '卫健' });
    // The modes referrals are routed by (plan 000 三(六)), in the pack's order, and the receivers the pack names.
    expect(directory.modes.map((m) => m.code)).toEqual([
      'purchased',
      'institutional_care',
      'medical_custody',
      'department_linked',
      'party_pairing',
      'social_work_volunteers',
      'neighbour_help',
      'charity_relief',
    ]);
    expect(directory.modes.at(-1)).toMatchObject({
      name: '慈善救济服务',
      receiverKind: 'charity',
      handover: 'monthly_list',
    });
    expect(directory.receivers).toContainEqual({
      code: 'red_vest_341702001201',
      kind: 'village_team',
      name: '示范社区甲“红马夹”帮扶队(示范)',
      area: '341702001201',
      demo: true,
    });
    expect(directory.receivers.filter((r) => r.kind === 'charity').map((r) => r.code)).toEqual([
      'charity_chizhou',
      'charity_guichi',
    ]);
    expect(directory.targetGroups).toContainEqual({ code: 'tekun', name: '特困人员' });
    expect(directory.providers).toEqual([{ providerId: 'demo-cz-sunshine', name: '阳光社会工作服务中心（演示）' }]);
  });

  it('says whether the region funds services from consented 低保 top-ups (its pack has such a source)', () => {
    expect(directoryOf(chizhou, []).dibaoTopUp).toBe(false);
    expect(directoryOf(policies.get('changji')!, []).dibaoTopUp).toBe(true);
  });
});

describe('hand-over queue changes', () => {
  const chat = (chatId: number) => ({ chatId, requestedAt: `2026-11-20T02:0${chatId}:00.000Z`, locale: 'zh' });

  it('tells of chats that began waiting and of those taken or closed; nothing when nothing changed', () => {
    expect(chatQueueChanges([], [chat(1), chat(2)])).toEqual([
      { event: 'chat-waiting', data: chat(1) },
      { event: 'chat-waiting', data: chat(2) },
    ]);
    expect(chatQueueChanges([chat(1), chat(2)], [chat(2), chat(3)])).toEqual([
      { event: 'chat-taken', data: { chatId: 1 } },
      { event: 'chat-waiting', data: chat(3) },
    ]);
    expect(chatQueueChanges([chat(2)], [chat(2)])).toEqual([]);
  });
});
