/**
 * Seeds the demo region through the services' own HTTP APIs (idempotent): purchase-of-service contracts
 * with demo providers in Chizhou and Changji, and one demo request per region. Every name below is
 * marked 演示 (demo); none is a real person or organisation. Prints staff tokens for trying the APIs.
 */
import { issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { checkCharacter } from '@carelink/contracts';
import { staffTokenSigningKeyOf } from '@carelink/service-host';

// The local platform's staff signing key (platform.sh says CARELINK_ENV=local), or STAFF_TOKEN_SIGNING_KEY when the
// services were given its public half.
const STAFF_SIGNING_KEY = staffTokenSigningKeyOf({ CARELINK_ENV: 'local', ...process.env });
const base = (port: number) => `http://127.0.0.1:${port}`;
const INTAKE = base(4101);
const REFERRAL = base(4103);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers are checked by status, not typed here
type Json = any;

async function call(
  method: string,
  url: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const demoId = (county: string, birth: string, seq: number) => {
  const first17 = `${county}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

const staff: Record<string, StaffPrincipal> = {
  'chizhou county officer (贵池区民政局)': {
    sub: 'demo-cz-county',
    name: '演示-区民政',
    role: 'county_officer',
    region: 'chizhou',
    jurisdiction: '341702',
  },
  'chizhou township caseworker (池阳街道)': {
    sub: 'demo-cz-township',
    name: '演示-街道社工',
    role: 'township_caseworker',
    region: 'chizhou',
    jurisdiction: '341702001',
  },
  'chizhou provider staff (阳光社工, demo)': {
    sub: 'demo-cz-provider',
    name: '演示-机构',
    role: 'provider_staff',
    region: 'chizhou',
    jurisdiction: '341702',
    providerId: 'demo-cz-sunshine',
  },
  'changji county officer (昌吉市民政局)': {
    sub: 'demo-cj-county',
    name: '演示-市民政',
    role: 'county_officer',
    region: 'changji',
    jurisdiction: '652301',
  },
  'changji township caseworker (榆树沟镇)': {
    sub: 'demo-cj-township',
    name: '演示-镇社工',
    role: 'township_caseworker',
    region: 'changji',
    jurisdiction: '652301101',
  },
  'changji provider staff (天山社工, demo)': {
    sub: 'demo-cj-provider',
    name: '演示-机构',
    role: 'provider_staff',
    region: 'changji',
    jurisdiction: '652301',
    providerId: 'demo-cj-tianshan',
  },
  'hotline operator (Chizhou, Anhui)': {
    sub: 'demo-hotline',
    name: '演示-热线',
    role: 'hotline_operator',
    region: 'chizhou',
    jurisdiction: '34',
  },
};

async function main(): Promise<void> {
  const tokens = Object.fromEntries(
    await Promise.all(
      Object.entries(staff).map(async ([k, p]) => [k, await issueStaffToken(p, STAFF_SIGNING_KEY, '12h')]),
    ),
  );
  const seeds = [
    {
      county: tokens['chizhou county officer (贵池区民政局)']!,
      township: tokens['chizhou township caseworker (池阳街道)']!,
      contract: {
        providerId: 'demo-cz-sunshine',
        providerName: '阳光社会工作服务中心（演示）',
        region: 'chizhou',
        itemCodes: ['CZ-SH-01', 'CZ-SH-02', 'CZ-JK-02', 'CZ-QJ-01', 'CZ-NL-02'],
        townships: ['341702001', '341702002', '341702003'],
        monthlyCapacity: 200,
        validFrom: '2026-01-01',
        validTo: '2027-12-31',
      },
      request: {
        region: 'chizhou',
        channel: 'window',
        applicant: { name: '演示居民甲', idNumber: demoId('341702', '19470512', 1) },
        address: { township: '341702001', village: '341702001201' },
        declaredGroups: ['tekun'],
        consentToShare: true,
        items: ['CZ-QJ-01', 'CZ-JK-01'],
        description: '演示数据：独居老人，申请居家清洁和上门健康监测',
      },
    },
    {
      county: tokens['changji county officer (昌吉市民政局)']!,
      township: tokens['changji township caseworker (榆树沟镇)']!,
      contract: {
        providerId: 'demo-cj-tianshan',
        providerName: '天山社会工作服务中心（演示）',
        region: 'changji',
        itemCodes: ['CJ-ZH-01', 'CJ-ZH-03', 'CJ-SH-03', 'CJ-SH-04', 'CJ-GA-03', 'CJ-GA-05'],
        townships: ['652301101', '652301102', '652301103'],
        monthlyCapacity: 200,
        validFrom: '2026-01-01',
        validTo: '2027-12-31',
      },
      request: {
        region: 'changji',
        channel: 'online',
        applicant: { name: '演示居民乙', idNumber: demoId('652301', '19500303', 2) },
        address: { township: '652301101', village: '652301101201' },
        declaredGroups: ['dibao'],
        consentToShare: true,
        declaredConditions: ['elderly'],
        items: ['CJ-SH-04'],
        description: '演示数据：低保老人，申请家政助洁',
      },
    },
  ];
  for (const s of seeds) {
    const existing = await call('GET', `${REFERRAL}/contracts`, s.county);
    if (!existing.body.items.some((c: { providerId: string }) => c.providerId === s.contract.providerId)) {
      const r = await call('POST', `${REFERRAL}/contracts`, s.county, s.contract);
      if (r.status !== 201) throw new Error(`seeding contract failed: ${JSON.stringify(r.body)}`);
    }
    const r = await call('POST', `${INTAKE}/requests`, s.township, s.request);
    if (r.status !== 201 && r.status !== 200) throw new Error(`seeding request failed: ${JSON.stringify(r.body)}`);
    process.stdout.write(
      `[carelink] demo ${s.request.region}: case ${r.body.caseNumber} (${r.body.status}), provider contract ${s.contract.providerId}\n`,
    );
  }
  process.stdout.write(
    '\n[carelink] services: intake :4101, assessment :4102, referral :4103, provider-scheduling :4104, settlement :4105, complaints :4106 (each has /openapi.json, /healthz, /readyz, /metrics)\n',
  );
  process.stdout.write(
    '[carelink] staff tokens for the demo region (valid 12 hours, the most the services take; local secret only):\n',
  );
  for (const [who, t] of Object.entries(tokens)) process.stdout.write(`  ${who}:\n    ${t}\n`);
}

main().catch((err) => {
  process.stderr.write(`[carelink] seeding failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
