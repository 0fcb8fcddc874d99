/**
 * Who may change a person's file, and who may read where their requests stand (issue 11, findings 3 and 4),
 * over HTTP against the real service: status changes are judged on the stored file, channels cannot take a
 * person over, and a look-up by phone or ID number needs the one-time code texted to the phone on file.
 * Texts go to a double standing in for the SMS gateway.
 */
import { type StaffPrincipal } from '@carelink/auth';
import { checkCharacter } from '@carelink/contracts';
import { type RunningService, issueLocalToken, startService } from '@carelink/service-host';
import { FieldCipher } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { createConfig, type IntakeConfig } from '../src/config';
import type { ResidentText, ResidentTexts } from '../src/domain/follow-progress/handle-lookup-code';
import { createIntakeService } from '../src/service';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire data, checked field by field

const id = (first17: string) => first17 + checkCharacter(first17);

/** The SMS gateway's stand-in: what was texted to whom. */
class TextsSent implements ResidentTexts {
  readonly sent: ResidentText[] = [];
  async send(text: ResidentText): Promise<void> {
    this.sent.push(text);
  }
  to(phone: string): ResidentText[] {
    return this.sent.filter((t) => t.to === phone);
  }
  /** The code in the last text to this phone. */
  lastCodeTo(phone: string): string {
    const text = this.to(phone).at(-1);
    if (!text) throw new Error(`nothing was texted to ${phone}`);
    return /(\d{6})/.exec(text.body)![1]!;
  }
}

describe("a person's file and look-ups of it, on the real servers", () => {
  const runId = uniqueName('identity');
  const texts = new TextsSent();
  let running: RunningService<IntakeConfig>;
  let cipher: FieldCipher;
  const tokens: Record<string, string> = {};

  const principals: Record<string, StaffPrincipal> = {
    clerk: { sub: 'clerk-1', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
    neighbour: { sub: 'clerk-2', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702002' },
    county: { sub: 'county-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
    changji: { sub: 'clerk-cj', role: 'township_caseworker', region: 'changji', jurisdiction: '652301001' },
    bot: { sub: 'telegram-bot', role: 'channel_adapter', region: 'chizhou', jurisdiction: '3417', channel: 'chatbot' },
    ivr: { sub: 'ivr-adapter', role: 'channel_adapter', region: 'chizhou', jurisdiction: '3417', channel: 'ivr' },
    operator: { sub: 'operator-1', role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' },
    /** A code prefix that takes in Chizhou, on a token of another region. */
    otherRegion: { sub: 'officer-cj', role: 'county_officer', region: 'changji', jurisdiction: '34' },
  };

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      createIntakeService({ texts }),
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_intake`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
      }),
    );
    cipher = new FieldCipher(running.ctx.config.PERSON_DATA_KEY, running.ctx.config.PERSON_INDEX_KEY);
    for (const [who, principal] of Object.entries(principals)) tokens[who] = await issueLocalToken(principal);
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(url(path), {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const apply = (who: string, channel: string, applicant: Json, township = '341702001') =>
    call('POST', '/requests', who, {
      region: 'chizhou',
      channel,
      applicant,
      address: { township },
      declaredGroups: ['dibao'],
      items: ['CZ-QJ-01'],
    });
  const fileOf = async (idNumber: string) => {
    const personId = `p_${cipher.blindIndex(idNumber, 'person').slice(0, 32)}`;
    const doc = await running.ctx.connection.collection('persons').findOne({ _id: personId as never });
    return { personId, doc: doc!, phone: doc?.phoneSealed ? cipher.decrypt(doc.phoneSealed) : undefined };
  };
  const lookup = (who: string, query: Record<string, string>) =>
    call('GET', `/residents/requests?${new URLSearchParams(query)}`, who);

  describe('status changes are judged on the stored file (finding 3)', () => {
    const person = id('34170219520405001');
    const report = (who: string, over: Json = {}) =>
      call('POST', '/registry/status-changes', who, {
        region: 'chizhou',
        idNumber: person,
        name: '赵桂芳',
        township: '341702001',
        groups: ['dibao'],
        effectiveFrom: '2026-11-01',
        source: '低保系统',
        ...over,
      });

    beforeAll(async () => {
      expect((await apply('clerk', 'window', { name: '赵桂芳', idNumber: person, phone: '13905660101' })).status).toBe(
        201,
      );
      const recorded = await report('county');
      expect(recorded.status).toBe(201);
      // The file held no register's word yet: what the person declared when applying (低保) is what they held.
      expect(recorded.body).toMatchObject({ groups: ['dibao'], previousGroups: ['dibao'] });
    });

    it('refuses a township caseworker changing a person of another township, whatever township the body names', async () => {
      const refused = await report('neighbour', { township: '341702002', groups: [] });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('outside_jurisdiction');
      // Nothing of the file comes back, and nothing changed.
      expect(refused.body).not.toHaveProperty('previousGroups');
      expect(refused.text).not.toContain('dibao');
      expect((await fileOf(person)).doc).toMatchObject({
        region: 'chizhou',
        township: '341702001',
        assistance: { groups: ['dibao'] },
      });
    });

    it('refuses a Changji caseworker moving a Chizhou person to Changji', async () => {
      const refused = await report('changji', { region: 'changji', township: '652301001', groups: ['tekun'] });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('outside_jurisdiction');
      expect(refused.text).not.toContain('dibao');
      expect((await fileOf(person)).doc).toMatchObject({ region: 'chizhou', township: '341702001' });
    });

    it("tells the groups held before to the file's own jurisdiction, and audits the change", async () => {
      const changed = await report('clerk', { groups: [] });
      expect(changed.status).toBe(201);
      expect(changed.body).toMatchObject({ groups: [], previousGroups: ['dibao'] });
      const trail = await running.ctx.connection
        .collection('audit_trail')
        .find({ actor: 'clerk-1', action: 'update' })
        .toArray();
      expect(trail.length).toBeGreaterThanOrEqual(1);
    });

    it("holds the token's region to a record's region, not only the jurisdiction prefix", async () => {
      const listed = await call('GET', '/requests', 'otherRegion');
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([]);
      const mine = (await call('GET', '/requests', 'county')).body.items as Json[];
      expect(mine.length).toBeGreaterThan(0);
      expect((await call('GET', `/requests/${mine[0]!.caseId}`, 'otherRegion')).status).toBe(403);
      const moved = await report('otherRegion', { region: 'changji', township: '652301001' });
      expect(moved.status).toBe(403);
    });
  });

  describe('channels cannot take a person over (finding 4)', () => {
    const victim = id('34170219400607002');
    const victimPhone = '13905660202';
    const attackerPhone = '13600000303';

    beforeAll(async () => {
      expect((await apply('clerk', 'window', { name: '孙玉兰', idNumber: victim, phone: victimPhone })).status).toBe(
        201,
      );
    });

    it("keeps the victim's name and phone when a channel registers with their ID number and a new phone", async () => {
      const before = await fileOf(victim);
      const registered = await apply(
        'ivr',
        'ivr',
        { name: '冒名者', idNumber: victim, phone: attackerPhone },
        '341702001',
      );
      expect([200, 201]).toContain(registered.status);
      const after = await fileOf(victim);
      expect(after.doc.name).toBe('孙玉兰');
      expect(after.phone).toBe(victimPhone);
      expect(after.doc.phoneIndex).toBe(before.doc.phoneIndex);
      // The new phone is kept aside, sealed and unconfirmed.
      expect(cipher.decrypt(after.doc.pendingPhone.sealed)).toBe(attackerPhone);
      expect(JSON.stringify(after.doc)).not.toContain(attackerPhone);

      // The caller's number finds nothing: the code goes to the victim's phone (asking them), not the caller's.
      const asked = await call('POST', '/residents/lookup-codes', 'ivr', {
        phone: attackerPhone,
        caller: 'ivr:attacker',
      });
      expect(asked.status).toBe(202);
      expect(texts.to(attackerPhone)).toEqual([]);
      expect(texts.to(victimPhone).at(-1)).toMatchObject({ purpose: 'confirm_phone' });
      expect(texts.to(victimPhone).at(-1)!.body).toContain('136****0303');
      const guessed = await lookup('ivr', { phone: attackerPhone, code: '000000', caller: 'ivr:attacker' });
      expect(guessed.status).toBe(403);
      expect(guessed.text).not.toContain('孙玉兰');
      // A staff read-out by the new phone (no code needed at the window) finds nobody either.
      expect((await lookup('clerk', { phone: attackerPhone })).body).toEqual({ person: null, requests: [] });
    });

    it('gives nothing to a look-up without the code, and answers once with the code texted to the phone on file', async () => {
      for (const who of ['bot', 'operator']) {
        const bare = await lookup(who, { idNumber: victim });
        expect(bare.status).toBe(403);
        expect(bare.body.code).toBe('verification_required');
        expect(bare.body).not.toHaveProperty('person');
        expect(bare.text).not.toContain('孙玉兰');
      }
      const asked = await call('POST', '/residents/lookup-codes', 'bot', { idNumber: victim, caller: 'telegram:42' });
      expect(asked.status).toBe(202);
      expect(asked.body.expiresInSeconds).toBe(300);
      expect(texts.to(victimPhone).at(-1)).toMatchObject({ purpose: 'look_up' });
      const code = texts.lastCodeTo(victimPhone);
      const answered = await lookup('bot', { idNumber: victim, code, caller: 'telegram:42' });
      expect(answered.status).toBe(200);
      expect(answered.body.person.name).toBe('孙玉兰');
      expect(answered.body.requests.length).toBeGreaterThanOrEqual(1);
      // Once only.
      const again = await lookup('bot', { idNumber: victim, code, caller: 'telegram:42' });
      expect(again.status).toBe(403);
      expect(again.body.code).toBe('verification_failed');
      // The same answer whether or not anyone is on file: nobody learns who is.
      const nobody = await call('POST', '/residents/lookup-codes', 'bot', { idNumber: id('34170219990101003') });
      expect(nobody.status).toBe(202);
      expect(nobody.body).toEqual(asked.body);
    });

    it('confirms a new phone by the code sent to the phone on file, and only then finds the person by it', async () => {
      const resident = id('34170219450302004');
      const oldPhone = '13905660404';
      const newPhone = '13905660505';
      expect((await apply('clerk', 'window', { name: '钱德福', idNumber: resident, phone: oldPhone })).status).toBe(
        201,
      );
      await apply('bot', 'chatbot', { name: '钱德福', idNumber: resident, phone: newPhone });
      expect((await lookup('clerk', { phone: newPhone })).body.person).toBeNull();

      await call('POST', '/residents/lookup-codes', 'bot', { phone: newPhone, caller: 'telegram:77' });
      const code = texts.lastCodeTo(oldPhone);
      const answered = await lookup('bot', { phone: newPhone, code, caller: 'telegram:77' });
      expect(answered.status).toBe(200);
      expect(answered.body.person.name).toBe('钱德福');
      const after = await fileOf(resident);
      expect(after.phone).toBe(newPhone);
      expect(after.doc.pendingPhone).toBeUndefined();
      expect((await lookup('clerk', { phone: newPhone })).body.person.name).toBe('钱德福');
    });

    it('refuses too many look-ups with 429 and Retry-After, per caller and per looked-up person', async () => {
      const target = id('34170219300101005');
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 11; i++) {
        last = await lookup('bot', { idNumber: target, code: '123456', caller: 'telegram:flood' });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect(last!.body.code).toBe('too_many_lookups');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another caller asking about the same person is counted against them too.
      expect((await lookup('bot', { idNumber: target, code: '123456', caller: 'telegram:other' })).status).toBe(429);

      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push(
          (await call('POST', '/residents/lookup-codes', 'bot', { idNumber: target, caller: `telegram:c${i}` })).status,
        );
      expect(codes).toEqual([202, 202, 202, 429]);
    });
  });
});
