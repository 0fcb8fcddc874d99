import { z } from 'zod';
import { defineEvent } from '../envelope';
import { isoDate, isoDateTime, jurisdictionCode, month, regionId, targetGroup } from '../values';

export const RegistryStatusChanged = defineEvent(
  'registry.status.changed.v1',
  z.object({
    personId: z.string().min(16),
    region: regionId,
    township: jurisdictionCode,
    village: jurisdictionCode.optional(),
    /** Assistance statuses the person holds from `effectiveFrom` (empty: left assistance). */
    groups: z.array(targetGroup),
    previousGroups: z.array(targetGroup),
    effectiveFrom: isoDate,
    /** Which register said so (低保系统, 特困供养系统 …). */
    source: z.string().min(1).max(100),
    recordedBy: z.string().min(1),
    recordedAt: isoDateTime,
  }),
  'A person entered or left an assistance status (低保, 特困 …): dynamic management (动态管理) starts here.',
);

export const FollowUpListed = defineEvent(
  'followup.listed.v1',
  z.object({
    region: regionId,
    township: jurisdictionCode,
    month,
    persons: z.array(
      z.object({
        personId: z.string().min(16),
        village: jurisdictionCode.optional(),
        groups: z.array(targetGroup),
        since: isoDate,
      }),
    ),
  }),
  'The monthly list of people newly added to assistance in a township, for their village to follow up (每月新纳入对象跟进).',
);
