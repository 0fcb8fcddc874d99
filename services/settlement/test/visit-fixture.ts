/** The visit the settlement tests accrue: a chizhou township, one provider, one worker. */
export const VISIT = {
  referralId: 'ref-1',
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  region: 'chizhou',
  township: '341702001',
  providerId: 'prov-1',
  workerId: 'w-1',
};
