import { loadPolicyPacks } from '@carelink/policy';
import { complaintMapping } from '../src/data-access/complaint-repository';
import { transitionComplaint } from '../src/domain/lifecycle/transition-complaint';
import { receiveComplaint, receiveComplaintCommand } from '../src/domain/receive-complaint/receive-complaint';

const pack = loadPolicyPacks().get('chizhou')!;
const now = new Date('2026-11-25T09:00:00+08:00');
const received = receiveComplaint(
  {
    complaintId: 'c-1',
    sequence: 1,
    command: receiveComplaintCommand.parse({
      region: 'chizhou',
      channel: 'hotline',
      type: 'service_quality',
      about: { township: '341702001' },
      summary: '助浴服务没有上门',
    }),
    knownCase: null,
    pack,
    receivedBy: 'op-1',
  },
  { now },
).state!;

describe('a complaint as the commit port stores it', () => {
  it('carries the query fields: every jurisdiction its scope lies within, and the month it was received in', () => {
    expect(complaintMapping.toDocument(received)).toMatchObject({
      jurisdictions: ['34', '3417', '341702', '341702001'],
      receivedMonth: '2026-11',
      scope: '341702001',
    });
    expect(complaintMapping.toDocument(received)).not.toHaveProperty('complaintId');
  });

  it('writes a field the decision cleared as null (the whole state is set) and reads it back as absent', () => {
    const assigned = transitionComplaint({
      complaint: { ...received, status: 'acknowledged', handlerId: 'tw-7' },
      command: { to: 'assigned', reason: '转县级', assignee: { level: 'county', unit: '341702' } },
      actor: 'op-1',
      pack,
      now,
    }).complaint;
    const document = complaintMapping.toDocument(assigned);
    expect(document).toMatchObject({ handlerId: null, outcome: null, jurisdictions: ['34', '3417', '341702'] });
    const read = complaintMapping.fromDocument({ _id: 'c-1', _version: 3, ...document });
    expect(read).not.toHaveProperty('handlerId');
    expect(read).not.toHaveProperty('jurisdictions');
    expect(read).not.toHaveProperty('_version');
    expect(read).toEqual(JSON.parse(JSON.stringify(assigned)));
  });
});
