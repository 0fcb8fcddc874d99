import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { DomainError, regionId } from '@carelink/contracts';

/** Who may act, in the domain's words ("three-level management, four-level operation"). */
export const staffRole = z.enum([
  'county_officer', // 县级民政: approves, files, supervises the county
  'township_caseworker', // 乡镇(街道): accepts, reviews, refers, settles
  'village_coordinator', // 村(社区)协理员: discovers, investigates
  'provider_staff', // 服务供给主体: schedules and records visits
  'department_staff', // 相关部门: receives referrals
  'hotline_operator', // 热线: logs complaints and consultations
  'channel_adapter', // chat bot / IVR adapter acting for residents
]);
export type StaffRole = z.infer<typeof staffRole>;

export const staffPrincipal = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  role: staffRole,
  region: regionId,
  /** Everything under this code is in scope (county 6, township 9, village 12 digits). */
  jurisdiction: z
    .string()
    .regex(
      /^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/,
      'a jurisdiction code: 2 (province), 4 (prefecture), 6 (county), 9 (township) or 12 (village) digits',
    ),
  providerId: z.string().optional(),
  departmentCode: z.string().optional(),
});
export type StaffPrincipal = z.infer<typeof staffPrincipal>;

const ISSUER = 'carelink';
const AUDIENCE = 'carelink-staff';

function keyOf(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('the JWT secret must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

export async function issueStaffToken(principal: StaffPrincipal, secret: string, ttl = '8h'): Promise<string> {
  const { sub, ...claims } = staffPrincipal.parse(principal);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(keyOf(secret));
}

export class InvalidToken extends Error {}

export async function verifyStaffToken(token: string, secret: string): Promise<StaffPrincipal> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    }));
  } catch (err) {
    throw new InvalidToken((err as Error).message);
  }
  const parsed = staffPrincipal.safeParse(payload);
  if (!parsed.success)
    throw new InvalidToken('token claims are incomplete: role, region and jurisdiction are required');
  return parsed.data;
}

/** A record at `code` is in scope when the caller's jurisdiction contains it. */
export function covers(principal: Pick<StaffPrincipal, 'jurisdiction'>, code: string): boolean {
  return code.startsWith(principal.jurisdiction);
}

/** Refuses (403 `outside_jurisdiction` at the HTTP edge) a record at `code` outside the caller's jurisdiction. */
export function assertCovers(principal: Pick<StaffPrincipal, 'jurisdiction'>, code: string): void {
  if (!covers(principal, code))
    throw DomainError.forbidden(
      'outside_jurisdiction',
      `record in ${code} is outside your jurisdiction ${principal.jurisdiction}`,
      '该记录不在您的管辖范围内',
    );
}
