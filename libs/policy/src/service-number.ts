import { z } from 'zod';

/**
 * The service number (服务号) of a region's one-person-one-file (一人一档: 每个服务对象编制一个服务号，按照服务号顺序排列
 * 档案), as the pack writes its format: capital letters, digits and `-` as written, and the placeholders
 * `{county}` (the person's county code, 6 digits), `{year}` (the year the number is issued, China time) and
 * `{seq:N}` (the number's place in its sequence, N digits, zero-padded). Numbers run gap-free per region and per
 * the placeholders the format holds: per county with `{county}`, per year with `{year}`.
 */
const TOKEN = /\{(county|year|seq:(\d+))\}/g;

export const serviceNumberFormat = z
  .string()
  .min(1)
  .superRefine((format, ctx) => {
    const literal = format.replace(TOKEN, '');
    if (/[{}]/.test(literal))
      ctx.addIssue({ code: 'custom', message: 'placeholders are {county}, {year} and {seq:N} only' });
    else if (!/^[A-Z0-9-]*$/.test(literal))
      ctx.addIssue({ code: 'custom', message: 'besides placeholders, a service number holds A–Z, 0–9 and - only' });
    const seqs = [...format.matchAll(TOKEN)].filter((m) => m[2] !== undefined);
    if (seqs.length !== 1) ctx.addIssue({ code: 'custom', message: 'a format holds exactly one {seq:N}' });
    else {
      const digits = Number(seqs[0]![2]);
      if (digits < 4 || digits > 9) ctx.addIssue({ code: 'custom', message: '{seq:N}: N is 4 to 9 digits' });
    }
    for (const name of ['county', 'year'])
      if ([...format.matchAll(TOKEN)].filter((m) => m[1] === name).length > 1)
        ctx.addIssue({ code: 'custom', message: `{${name}} appears more than once` });
  });

/** Where a service number is issued: the region, and the county and year when the format holds them. */
export interface ServiceNumberPlace {
  region: string;
  county: string;
  /** The year of issue, China time. */
  year: number;
}

/** The sequence a number is drawn from: `region`, `region/county`, `region/year` or `region/county/year`. */
export function serviceNumberSequence(format: string, place: ServiceNumberPlace): string {
  return [
    place.region,
    ...(format.includes('{county}') ? [place.county] : []),
    ...(format.includes('{year}') ? [String(place.year)] : []),
  ].join('/');
}

/** The largest number a format can write (a sequence that reaches it is full). */
export function serviceNumberCapacity(format: string): number {
  const digits = Number(/\{seq:(\d+)\}/.exec(format)![1]);
  return 10 ** digits - 1;
}

/** The `seq`-th number of the sequence the place draws from; throws past the format's capacity. */
export function formatServiceNumber(format: string, place: ServiceNumberPlace, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > serviceNumberCapacity(format))
    throw new RangeError(`service number ${seq} is outside 1…${serviceNumberCapacity(format)} for ${format}`);
  return format.replace(TOKEN, (_all, name: string, digits: string | undefined) =>
    digits !== undefined
      ? String(seq).padStart(Number(digits), '0')
      : name === 'county'
        ? place.county
        : String(place.year),
  );
}
