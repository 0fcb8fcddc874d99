import { useCaseContext } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import { decideDocumentAttached, requestDocuments } from '../src/domain/attach-document/attach-document';
import { acknowledgementMessage } from '../src/domain/register-request/register-request';

const chizhou = loadPolicyPacks().get('chizhou')!;
const ctx = useCaseContext(new Date('2026-11-25T08:30:00.000Z'));

describe("a request's required documents (issue 15)", () => {
  it('lists per item what the region requires and what is not attached yet', () => {
    expect(requestDocuments(chizhou, ['CZ-QJ-01', 'CZ-JK-02'], ['id_card', 'voice_note'])).toEqual({
      items: [
        {
          itemCode: 'CZ-QJ-01',
          required: ['id_card', 'household_register', 'status_proof'],
          missing: ['household_register', 'status_proof'],
        },
        {
          itemCode: 'CZ-JK-02',
          required: ['id_card', 'household_register', 'status_proof', 'illness_certificate'],
          missing: ['household_register', 'status_proof', 'illness_certificate'],
        },
      ],
      missing: ['household_register', 'status_proof', 'illness_certificate'],
    });
    expect(requestDocuments(chizhou, ['CZ-QJ-01'], ['id_card', 'household_register', 'status_proof']).missing).toEqual(
      [],
    );
  });

  it('tells the resident which documents to have ready, in Chinese and English', () => {
    const ack = acknowledgementMessage(
      'CZ341702-2026-000008',
      [],
      ['id_card', 'household_register', 'illness_certificate'],
    );
    expect(ack.zh).toContain('请准备以下材料，入户调查时交工作人员查验：身份证、户口本、疾病证明。');
    expect(ack.en).toContain(
      'Please have these documents ready for the home visit: ID card, household register, illness certificate.',
    );
    expect(acknowledgementMessage('CZ341702-2026-000008', []).zh).not.toContain('材料');
  });

  it('says an attachment once (its event id derives from the attachment), and only for a request that exists', () => {
    const attached = {
      caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
      caseNumber: 'CZ341702-2026-000008',
      region: 'chizhou',
      township: '341702001',
      attachmentId: '65a1b2c3d4e5f60718293a4b',
      kind: 'status_proof' as const,
      attachedBy: 'clerk-1',
      attachedAt: ctx.now,
    };
    const said = decideDocumentAttached({ status: 'registered' }, attached, ctx);
    expect(said.state).toBeUndefined();
    expect(said.events!.map((e) => [e.topic.name, e.type, e.key, e.data])).toEqual([
      [
        'carelink.intake.requests.v1',
        'document.attached.v1',
        attached.caseId,
        { ...attached, attachedAt: ctx.now.toISOString() },
      ],
    ]);
    expect(decideDocumentAttached({ status: 'registered' }, attached, ctx).events![0]!.id).toBe(said.events![0]!.id);
    expect(() => decideDocumentAttached(undefined, attached, ctx)).toThrow('request was not found');
  });
});
