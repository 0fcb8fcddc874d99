import { issueAdapterToken, issueStaffToken, type StaffPrincipal } from '@carelink/auth';

/**
 * The token keys of one machine (CARELINK_ENV=local only; createConfig refuses them, and any setting holding
 * their public part, anywhere else). Ed25519 JWKs: the staff issuer's, and one per channel adapter.
 */
const staff = {
  kty: 'OKP',
  crv: 'Ed25519',
  kid: 'local-staff',
  x: 'o9l8F0ASZzu_ZmkOM8t7G9xK1x_kJ8XuMpcQ8T7Dh_g',
  d: '4nhhUmP79KrvbygJMuSHiFPG1fYgAKDNR-honeC0MCU',
};
const chatbot = {
  kty: 'OKP',
  crv: 'Ed25519',
  kid: 'chatbot-local',
  x: 'J4zoGbzLvKrjyrypmBtsnMnFGtaZTw0hRjXCBtr8DjY',
  d: 'A5fC2-D1ew4TCfgOTierHIMtf_2kFfEGWCrZqqTtfEA',
};
const ivr = {
  kty: 'OKP',
  crv: 'Ed25519',
  kid: 'ivr-local',
  x: 'GZDC1XA81d6e8upZvwJ9DlK02mJgI7B6U1H0ZDQz-zE',
  d: 'lpxRGO0ueWshN5uXsXie-LbtUV-yelcAKYppo-qZDh4',
};
const publicPart = ({ d: _d, ...key }: typeof staff) => key;

export const localTokenKeys = {
  staffSigning: JSON.stringify(staff),
  staffPublic: JSON.stringify({ keys: [publicPart(staff)] }),
  /** Each channel adapter's signing key. */
  adapterSigning: { chatbot: JSON.stringify(chatbot), ivr: JSON.stringify(ivr) },
  adapterPublic: JSON.stringify({ keys: [publicPart(chatbot), publicPart(ivr)] }),
  /** What marks a setting as holding one of these keys, whatever its formatting. */
  fingerprints: [staff.x, chatbot.x, ivr.x, staff.d, chatbot.d, ivr.d],
};

/**
 * A token the services of one machine accept (CARELINK_ENV=local, their development keys), for the local tools
 * and the tests: a staff token signed with the local staff key, or for role channel_adapter an adapter token
 * signed with that channel's local key (channel chatbot unless the principal names one).
 */
export async function issueLocalToken(principal: StaffPrincipal, ttl = '1h'): Promise<string> {
  if (principal.role !== 'channel_adapter') return issueStaffToken(principal, localTokenKeys.staffSigning, ttl);
  const channel = principal.channel ?? 'chatbot';
  const { sub, name, region, jurisdiction } = principal;
  return issueAdapterToken(
    { sub, ...(name ? { name } : {}), region, jurisdiction, channel },
    localTokenKeys.adapterSigning[channel],
    ttl,
  );
}
