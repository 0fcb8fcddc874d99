/**
 * What a console audit entry says was done, read from its `what` (the BFF writes it in English for the log:
 * `create township_caseworker li-ming at 341702001`, `change li-ming: role, jurisdiction`, `sign in` …), so the
 * page can say it in the UI's language with names for roles and places. Text it does not know stays as written.
 */
export type AuditWhat =
  | { kind: 'create'; role: string; username: string; jurisdiction: string }
  | { kind: 'change'; username: string; fields: string[] }
  | { kind: 'known'; key: string }
  | { kind: 'text'; text: string };

const KNOWN = ['sign in', 'sign out', 'change own password', 'turn two-step sign-in on', 'turn two-step sign-in off'];

export function readAuditWhat(what: string): AuditWhat {
  const text = what.trim();
  if (KNOWN.includes(text)) return { kind: 'known', key: text };
  const created = /^create (\S+) (\S+) at (\d+)$/.exec(text);
  if (created) return { kind: 'create', role: created[1]!, username: created[2]!, jurisdiction: created[3]! };
  const changed = /^change (\S+): (.+)$/.exec(text);
  if (changed)
    return {
      kind: 'change',
      username: changed[1]!,
      fields: changed[2]!
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    };
  return { kind: 'text', text };
}
