import { DomainError } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import type { Account } from '../src/domain/accounts/account';
import {
  changeAccountCommand,
  createAccountCommand,
  decideChangeAccount,
  decideCreateAccount,
  type Manager,
} from '../src/domain/accounts/manage-accounts';

const policies = PolicyPacks.load();
const chizhou = policies.get('chizhou')!;
const now = new Date('2026-11-20T02:00:00Z');
const ctx = { now, temporaryPasswordHash: '$argon2id$temporary' };

const guichiCounty: Manager = {
  username: 'cz-county',
  role: 'county_officer',
  region: 'chizhou',
  jurisdiction: '341702',
};

const refusal = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof DomainError ? `${e.kind} ${e.code}` : `not a DomainError: ${String(e)}`;
  }
};

const create = (manager: Manager, fields: Record<string, unknown>) =>
  decideCreateAccount(
    manager,
    createAccountCommand.parse({ username: 'new-user', displayName: '新账号', ...fields }),
    chizhou,
    ctx,
  );

const stored = (fields: Partial<Account> = {}): Account => ({
  username: 'tw-1',
  displayName: '池阳街道社工',
  role: 'township_caseworker',
  region: 'chizhou',
  jurisdiction: '341702001',
  passwordHash: '$argon2id$old',
  mustChangePassword: false,
  failedSignIns: [],
  disabled: false,
  demo: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'cz-county',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});

describe('who creates which account', () => {
  it('a county officer creates an account of its region inside its jurisdiction, with a temporary password to change', () => {
    const account = create(guichiCounty, { role: 'township_caseworker', jurisdiction: '341702001' });
    expect(account).toEqual({
      username: 'new-user',
      displayName: '新账号',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
      passwordHash: '$argon2id$temporary',
      mustChangePassword: true,
      failedSignIns: [],
      disabled: false,
      demo: false,
      createdAt: now.toISOString(),
      createdBy: 'cz-county',
      updatedAt: now.toISOString(),
    });
  });

  it('any role inside the jurisdiction, a peer county officer included', () => {
    expect(refusal(() => create(guichiCounty, { role: 'village_coordinator', jurisdiction: '341702001201' }))).toBe(
      'no error',
    );
    expect(refusal(() => create(guichiCounty, { role: 'hotline_operator', jurisdiction: '341702' }))).toBe('no error');
    expect(refusal(() => create(guichiCounty, { role: 'county_officer', jurisdiction: '341702' }))).toBe('no error');
    expect(
      refusal(() =>
        create(guichiCounty, { role: 'provider_staff', jurisdiction: '341702', providerId: 'demo-cz-sunshine' }),
      ),
    ).toBe('no error');
    expect(
      refusal(() =>
        create(guichiCounty, { role: 'department_staff', jurisdiction: '341702', departmentCode: 'health' }),
      ),
    ).toBe('no error');
  });

  it('refuses places outside the jurisdiction: another county, and a county officer of a wider area', () => {
    expect(refusal(() => create(guichiCounty, { role: 'township_caseworker', jurisdiction: '341721100' }))).toBe(
      'forbidden outside_jurisdiction',
    );
    expect(refusal(() => create(guichiCounty, { role: 'county_officer', jurisdiction: '3417' }))).toBe(
      'forbidden outside_jurisdiction',
    );
    expect(refusal(() => create(guichiCounty, { role: 'hotline_operator', jurisdiction: '34' }))).toBe(
      'forbidden outside_jurisdiction',
    );
  });

  it('an account is always of the manager’s region, whatever code it names', () => {
    const changjiCounty: Manager = {
      username: 'cj',
      role: 'county_officer',
      region: 'changji',
      jurisdiction: '652301',
    };
    const account = decideCreateAccount(
      changjiCounty,
      createAccountCommand.parse({
        username: 'cj-2',
        displayName: '镇社工',
        role: 'township_caseworker',
        jurisdiction: '652301101',
      }),
      policies.get('changji'),
      ctx,
    );
    expect(account.region).toBe('changji');
    expect(refusal(() => create(changjiCounty, { role: 'township_caseworker', jurisdiction: '341702001' }))).toBe(
      'forbidden outside_jurisdiction',
    );
  });

  it('nobody but a county officer manages accounts', () => {
    for (const role of [
      'township_caseworker',
      'village_coordinator',
      'provider_staff',
      'department_staff',
      'hotline_operator',
    ] as const)
      expect(
        refusal(() =>
          create(
            { username: 'x', role, region: 'chizhou', jurisdiction: '341702' },
            { role: 'township_caseworker', jurisdiction: '341702001' },
          ),
        ),
      ).toBe('forbidden role_not_allowed');
  });

  it('places must exist in the pack and fit the role’s level', () => {
    expect(refusal(() => create(guichiCounty, { role: 'township_caseworker', jurisdiction: '341702999' }))).toBe(
      'invalid unknown_jurisdiction',
    );
    expect(refusal(() => create(guichiCounty, { role: 'township_caseworker', jurisdiction: '341702' }))).toBe(
      'invalid jurisdiction_level',
    );
    expect(refusal(() => create(guichiCounty, { role: 'county_officer', jurisdiction: '341702001' }))).toBe(
      'invalid jurisdiction_level',
    );
  });

  it('provider staff name a provider and department staff a department of the pack; no one else names either', () => {
    expect(refusal(() => create(guichiCounty, { role: 'provider_staff', jurisdiction: '341702' }))).toBe(
      'invalid provider_required',
    );
    expect(
      refusal(() =>
        create(guichiCounty, { role: 'department_staff', jurisdiction: '341702', departmentCode: 'police' }),
      ),
    ).toBe('invalid department_required');
    expect(
      refusal(() => create(guichiCounty, { role: 'township_caseworker', jurisdiction: '341702001', providerId: 'p' })),
    ).toBe('invalid provider_not_allowed');
    expect(
      refusal(() =>
        create(guichiCounty, { role: 'hotline_operator', jurisdiction: '341702', departmentCode: 'health' }),
      ),
    ).toBe('invalid department_not_allowed');
  });

  it('the command refuses channel adapters and malformed usernames', () => {
    expect(
      createAccountCommand.safeParse({
        username: 'bot',
        displayName: 'x',
        role: 'channel_adapter',
        jurisdiction: '341702',
      }).success,
    ).toBe(false);
    expect(
      createAccountCommand.safeParse({
        username: 'a b',
        displayName: 'x',
        role: 'hotline_operator',
        jurisdiction: '341702',
      }).success,
    ).toBe(false);
    expect(
      createAccountCommand.parse({
        username: ' CZ-Town ',
        displayName: 'x\u202e',
        role: 'hotline_operator',
        jurisdiction: '341702',
      }),
    ).toMatchObject({
      username: 'cz-town',
      displayName: 'x',
    });
  });
});

describe('who changes which account', () => {
  it('renames, moves and changes the role within the jurisdiction; a move ends the sessions', () => {
    const change = decideChangeAccount(
      guichiCounty,
      stored(),
      changeAccountCommand.parse({ displayName: '秋浦街道社工', jurisdiction: '341702002' }),
      chizhou,
      ctx,
    );
    expect(change.account).toMatchObject({
      displayName: '秋浦街道社工',
      jurisdiction: '341702002',
      updatedAt: now.toISOString(),
    });
    expect(change.changed).toEqual(['displayName', 'jurisdiction']);
    expect(change.endSessions).toBe(true);
  });

  it('a new name alone keeps the sessions', () => {
    const change = decideChangeAccount(guichiCounty, stored(), { displayName: '新名字' }, chizhou, ctx);
    expect(change).toMatchObject({ changed: ['displayName'], endSessions: false });
  });

  it('a password reset sets the temporary password, lifts a lock-out and ends the sessions', () => {
    const change = decideChangeAccount(
      guichiCounty,
      stored({ failedSignIns: ['2026-11-20T01:59:00.000Z'], lockedUntil: '2026-11-20T02:10:00.000Z' }),
      { resetPassword: true },
      chizhou,
      ctx,
    );
    expect(change.account).toMatchObject({
      passwordHash: '$argon2id$temporary',
      mustChangePassword: true,
      failedSignIns: [],
    });
    expect(change.account.lockedUntil).toBeUndefined();
    expect(change).toMatchObject({ changed: ['password_reset'], endSessions: true });
  });

  it('disabling ends the sessions; accounts of other counties are not found; nor is an unknown one', () => {
    expect(decideChangeAccount(guichiCounty, stored(), { disabled: true }, chizhou, ctx)).toMatchObject({
      changed: ['disabled'],
      endSessions: true,
    });
    expect(
      refusal(() =>
        decideChangeAccount(guichiCounty, stored({ jurisdiction: '341721100' }), { disabled: true }, chizhou, ctx),
      ),
    ).toBe('not_found not_found');
    expect(
      refusal(() => decideChangeAccount(guichiCounty, stored({ region: 'changji' }), { disabled: true }, chizhou, ctx)),
    ).toBe('not_found not_found');
    expect(refusal(() => decideChangeAccount(guichiCounty, undefined, { disabled: true }, chizhou, ctx))).toBe(
      'not_found not_found',
    );
  });

  it('cannot move an account out of the jurisdiction, nor make it a county officer of a wider area', () => {
    expect(
      refusal(() => decideChangeAccount(guichiCounty, stored(), { jurisdiction: '341721100' }, chizhou, ctx)),
    ).toBe('forbidden outside_jurisdiction');
    expect(
      refusal(() =>
        decideChangeAccount(guichiCounty, stored(), { role: 'county_officer', jurisdiction: '3417' }, chizhou, ctx),
      ),
    ).toBe('forbidden outside_jurisdiction');
  });

  it('a county officer cannot disable, demote or move itself, but may rename itself', () => {
    const self = stored({ username: 'cz-county', role: 'county_officer', jurisdiction: '341702' });
    expect(refusal(() => decideChangeAccount(guichiCounty, self, { disabled: true }, chizhou, ctx))).toBe(
      'forbidden own_account',
    );
    expect(refusal(() => decideChangeAccount(guichiCounty, self, { role: 'hotline_operator' }, chizhou, ctx))).toBe(
      'forbidden own_account',
    );
    expect(refusal(() => decideChangeAccount(guichiCounty, self, { displayName: '区民政' }, chizhou, ctx))).toBe(
      'no error',
    );
  });

  it('a role change that needs a provider or department names one; null removes it', () => {
    expect(
      refusal(() =>
        decideChangeAccount(guichiCounty, stored(), { role: 'provider_staff', jurisdiction: '341702' }, chizhou, ctx),
      ),
    ).toBe('invalid provider_required');
    const provider = stored({ role: 'provider_staff', jurisdiction: '341702', providerId: 'p-1' });
    const change = decideChangeAccount(
      guichiCounty,
      provider,
      { role: 'hotline_operator', providerId: null },
      chizhou,
      ctx,
    );
    expect(change.account.providerId).toBeUndefined();
    expect(change).toMatchObject({ changed: ['role', 'providerId'], endSessions: true });
  });

  it('nobody but a county officer changes accounts; an empty change is refused by the command', () => {
    const township: Manager = {
      username: 'tw-9',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
    };
    expect(refusal(() => decideChangeAccount(township, stored(), { displayName: 'x' }, chizhou, ctx))).toBe(
      'forbidden role_not_allowed',
    );
    expect(changeAccountCommand.safeParse({}).success).toBe(false);
  });
});
