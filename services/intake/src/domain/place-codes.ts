import { z } from 'zod';

/** Where a resident lives, as commands give it: a township (乡镇/街道) and, where known, a village (村/社区). */
export const townshipCode = z.string().regex(/^\d{9}$/, 'a 9-digit township code');
export const villageCode = z.string().regex(/^\d{12}$/, 'a 12-digit village code');
