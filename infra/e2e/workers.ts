import { PolicyPacks } from '@carelink/policy';
import { call, residentId } from './platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Registers a worker of the provider behind `providerToken` (POST /workers on provider-scheduling at `url`), trained
 * as the region's pack requires (policy/<region>.yaml `workerTraining`) and qualified for `itemCodes`: a worker
 * serves only once registered and trained. `seq` makes the worker's (test) ID number. Answers the worker id.
 */
export async function registerTrainedWorker(
  url: string,
  providerToken: string,
  { region, itemCodes, name, seq }: { region: string; itemCodes: string[]; name: string; seq: number },
): Promise<string> {
  const rule = PolicyPacks.load().get(region)?.workerTraining;
  const training = rule
    ? [
        ...rule.courses.map((course) => ({ course, date: '2026-01-05', hours: rule.minHours })),
        ...(rule.courses.length === 0 ? [{ course: '岗前培训', date: '2026-01-05', hours: rule.minHours }] : []),
      ]
    : [];
  const r = await call<Json>('POST', url, providerToken, {
    name,
    idNumber: residentId('110105', '1985-06-01', seq),
    phone: '13800138000',
    itemCodes,
    training,
  });
  if (r.status !== 201) throw new Error(`registering worker ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.workerId as string;
}
