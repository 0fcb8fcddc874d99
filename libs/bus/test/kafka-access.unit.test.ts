import { allTopics, departmentReferralsTopic, departmentReferralsTopicV2, topics } from '@carelink/contracts';
import { kafkaAccessPlan, type AccessGrant } from '../src';

const departments = [
  { region: 'chizhou', code: 'health' },
  { region: 'changji', code: 'health' },
];
const plan = kafkaAccessPlan({ departments, bots: ['telegram-bot'] });
const of = (principal: string, grants: AccessGrant[] = plan.grants) =>
  grants
    .filter((g) => g.principal === principal)
    .map((g) => `${g.operation} ${g.resource}${g.pattern === 'prefixed' ? ' prefixed' : ''} ${g.name}`)
    .sort();

describe('the Kafka access plan, from the topic registry', () => {
  it('lets a department read its own topics (v1, and v2 with the consented contact) with its own group, and nothing else', () => {
    expect(of('dept-chizhou-health')).toEqual([
      'read group dept-chizhou-health',
      `read topic ${departmentReferralsTopic('chizhou', 'health').name}`,
      `read topic ${departmentReferralsTopicV2('chizhou', 'health').name}`,
    ]);
    expect(plan.departments).toEqual(['dept-chizhou-health', 'dept-changji-health']);
  });

  it('names the services of the registry and the bots', () => {
    expect(plan.services).toEqual([
      'assessment',
      'complaints',
      'intake',
      'provider-scheduling',
      'referral',
      'settlement',
      'telegram-bot',
    ]);
  });

  it('lets each service write and create only the topics it produces, and the dead letters', () => {
    for (const service of plan.services) {
      const written = plan.grants
        .filter((g) => g.principal === service && g.resource === 'topic' && g.operation !== 'read')
        .map((g) => `${g.operation} ${g.name}`)
        .sort();
      const produced = plan.topics.filter((t) => t.producer === service || t.producer === 'any');
      expect(written).toEqual(produced.flatMap((t) => [`create ${t.name}`, `write ${t.name}`]).sort());
    }
    expect(of('intake').filter((g) => g.startsWith('write'))).toEqual([
      `write topic ${topics.deadLetters.name}`,
      `write topic ${topics.contactShares.name}`,
      `write topic ${topics.intakeRequests.name}`,
      `write topic ${topics.registryStatus.name}`,
    ]);
  });

  it('lets referral write every department topic (it copies each department’s referrals there)', () => {
    for (const d of departments) {
      expect(of('referral')).toContain(`write topic ${departmentReferralsTopic(d.region, d.code).name}`);
      expect(of('referral')).toContain(`write topic ${departmentReferralsTopicV2(d.region, d.code).name}`);
    }
  });

  it('lets referral alone read the contacts intake shares with consent', () => {
    const readers = plan.grants
      .filter((g) => g.name === topics.contactShares.name && g.operation === 'read')
      .map((g) => g.principal);
    expect([...new Set(readers)].sort()).toEqual(['intake', 'referral']);
    expect(of('referral')).toContain(`read topic ${topics.contactShares.name}`);
  });

  it('lets a service read what its topics’ consumers name, and what it wrote, under its own groups', () => {
    const read = (p: string) => of(p).filter((g) => g.startsWith('read topic'));
    expect(read('settlement')).toEqual([
      `read topic ${topics.assessmentCases.name}`,
      `read topic ${topics.complaints.name}`,
      `read topic ${topics.contracts.name}`,
      `read topic ${topics.referrals.name}`,
      `read topic ${topics.neighbourHelp.name}`,
      `read topic ${topics.visits.name}`,
      `read topic ${topics.settlementAccruals.name}`,
      `read topic ${topics.settlementSpotChecks.name}`,
      `read topic ${topics.settlementStatements.name}`,
    ]);
    expect(read('telegram-bot')).toEqual(
      allTopics
        .filter((t) => t.consumers.includes('bots'))
        .map((t) => `read topic ${t.name}`)
        .sort(),
    );
    expect(of('referral').filter((g) => g.startsWith('read group'))).toEqual([
      'read group prefixed referral-',
      'read group referral',
    ]);
  });

  it('gives departments nothing on the topics shared by all (departments listed among their consumers)', () => {
    expect(topics.referrals.consumers).toContain('departments');
    const principals = new Set(plan.grants.filter((g) => g.name === topics.referrals.name).map((g) => g.principal));
    expect([...principals].sort()).toEqual([
      'assessment',
      'intake',
      'provider-scheduling',
      'referral',
      'settlement',
      'telegram-bot',
    ]);
  });

  it('prefixes every topic and group with a deployment’s topic prefix', () => {
    const prefixed = kafkaAccessPlan({ departments, bots: ['telegram-bot'], topicPrefix: 'run1.' });
    expect(prefixed.grants.length).toBe(plan.grants.length);
    expect(prefixed.grants.every((g) => g.name.startsWith('run1.'))).toBe(true);
    expect(of('dept-changji-health', prefixed.grants)).toEqual([
      'read group run1.dept-changji-health',
      `read topic run1.${departmentReferralsTopic('changji', 'health').name}`,
      `read topic run1.${departmentReferralsTopicV2('changji', 'health').name}`,
    ]);
  });
});
