/** Projection that leaves a document's outbox out of what repositories return. */
export const withoutOutbox = { _outbox: 0, _outboxPending: 0 } as const;

/**
 * Filter for records whose jurisdiction code (at `field`) lies within `code`: administrative codes nest
 * by prefix (county 6, township 9, village 12 digits). Only digits reach the regular expression.
 */
export function withinJurisdiction(field: string, code: string): Record<string, { $regex: string }> {
  return { [field]: { $regex: `^${code.replace(/[^0-9]/g, '')}` } };
}
