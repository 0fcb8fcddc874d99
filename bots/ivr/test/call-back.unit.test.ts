import { callBackAfter, callBackReason, recordAttempt } from '../src/domain/call-back/call-back';

describe('the call-back list', () => {
  it('names why a caller the IVR could not serve is called back', () => {
    expect(callBackReason({ outcome: 'abandoned', path: ['menu:2'] })).toBe('hung_up');
    expect(
      callBackReason({ outcome: 'abandoned', path: ['menu:2', 'complaint-township:01', 'complaint-record:none'] }),
    ).toBe('recording_failed');
    expect(callBackReason({ outcome: 'operator', transferReason: 'asked', path: ['menu:0'] })).toBe('asked_operator');
    expect(callBackReason({ outcome: 'operator', transferReason: 'reprompts', path: ['menu:none'] })).toBe(
      'asked_operator',
    );
    expect(
      callBackReason({
        outcome: 'operator',
        transferReason: 'reprompts',
        path: ['apply-record:none', 'apply-record:none', 'apply-record:none', 'apply-record:none'],
      }),
    ).toBe('recording_failed');
    expect(
      callBackReason({ outcome: 'operator', transferReason: 'failed', path: ['complaint-record:recording'] }),
    ).toBe('service_failed');
  });

  it('needs none for a call that served the caller, or one still under way', () => {
    for (const outcome of ['applied', 'complained', 'status_read'] as const)
      expect(callBackReason({ outcome, path: [] })).toBeUndefined();
    expect(callBackReason({ path: ['menu:1'] })).toBeUndefined();
  });

  it('keeps a call-back once an operator worked on it; reaching the caller closes it', () => {
    const opened = callBackAfter(undefined, { outcome: 'abandoned', path: [] })!;
    expect(opened).toEqual({ reason: 'hung_up', state: 'pending', attempts: [] });
    expect(callBackAfter(undefined, { outcome: 'applied', path: [] })).toBeUndefined();
    // A later fact may name the reason better until someone called.
    expect(callBackAfter(opened, { outcome: 'abandoned', path: ['apply-record:none'] })?.reason).toBe(
      'recording_failed',
    );
    const missed = recordAttempt(opened, { by: 'op-1', at: '2026-11-25T01:00:00.000Z', reached: false });
    expect(missed).toEqual({ ...opened, attempts: [{ by: 'op-1', at: '2026-11-25T01:00:00.000Z', reached: false }] });
    expect(callBackAfter(missed as never, { outcome: 'abandoned', path: ['apply-record:none'] })).toBe(missed);
    const reached = recordAttempt(missed as never, {
      by: 'op-2',
      at: '2026-11-25T02:00:00.000Z',
      reached: true,
      note: '已回电',
    });
    expect(reached).toMatchObject({ state: 'done', attempts: [{ by: 'op-1' }, { by: 'op-2', note: '已回电' }] });
    expect(recordAttempt(undefined, { by: 'op-1', at: 'x', reached: true })).toBe('not_needed');
  });
});
