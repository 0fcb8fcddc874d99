import { describe, expect, it } from '@jest/globals';
import { ApiError, problemFrom } from '../../api/problem';
import { approvalRefusalOf, CAP_EXCEEDED } from './approval-refusal';

const capMessage =
  '本结算单将使政府购买社会救助服务资金超出上限：上限 ¥100.00（社会救助资金总额 ¥10,000.00 的 1%），本年度已使用 ¥0.00，本结算单 ¥120.00，超出 ¥20.00。';

/** settlement's 422 as libs/http sends it, read as the console's client reads every refusal. */
const capRefusal = (figures: Record<string, unknown>) =>
  problemFrom(
    new Response(
      JSON.stringify({
        type: `urn:carelink:problem:${CAP_EXCEEDED}`,
        status: 422,
        code: CAP_EXCEEDED,
        detail: 'This statement would take purchased assistance services over the cap',
        detailZh: capMessage,
        errors: [{ path: 'funding.purchasedServicesCap', code: CAP_EXCEEDED, message: capMessage, ...figures }],
      }),
      { status: 422, headers: { 'content-type': 'application/problem+json' } },
    ),
  );

describe('a refused approval', () => {
  it('over the purchased-services cap keeps the code, the message and the four figures in fen', async () => {
    const refusal = approvalRefusalOf(
      await capRefusal({
        capBasisPoints: 100,
        baseFen: 1_000_000,
        capFen: 10_000,
        usedFen: 0,
        thisStatementFen: 12_000,
        overByFen: 2000,
      }),
    );
    expect(refusal).toEqual({
      code: CAP_EXCEEDED,
      message: capMessage,
      cap: { capFen: 10_000, usedFen: 0, thisStatementFen: 12_000, overByFen: 2000 },
    });
  });

  it('over the cap without whole-fen figures keeps the message and shows no figures', async () => {
    const refusal = approvalRefusalOf(
      await capRefusal({ capFen: 100.5, usedFen: 0, thisStatementFen: 1, overByFen: 1 }),
    );
    expect(refusal).toEqual({ code: CAP_EXCEEDED, message: capMessage });
    expect(approvalRefusalOf(new ApiError(422, { code: CAP_EXCEEDED, detailZh: capMessage }))?.cap).toBeUndefined();
  });

  it('for want of money or of a budget year is kept with its message', () => {
    for (const code of ['statement_unfunded', 'no_funding_year']) {
      const refusal = approvalRefusalOf(new ApiError(422, { code, detailZh: `${code} 的说明` }));
      expect(refusal).toEqual({ code, message: `${code} 的说明` });
    }
    expect(approvalRefusalOf(new ApiError(409, { code: 'statement_not_confirmed', detailZh: '状态已变化' }))).toEqual({
      code: 'statement_not_confirmed',
      message: '状态已变化',
    });
  });

  it('is not a signed-out session, a server failure or a network failure', () => {
    expect(approvalRefusalOf(new ApiError(401, {}))).toBeUndefined();
    expect(approvalRefusalOf(new ApiError(503, { code: 'unavailable' }))).toBeUndefined();
    expect(approvalRefusalOf(new TypeError('Failed to fetch'))).toBeUndefined();
  });
});
