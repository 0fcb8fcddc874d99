import { afterEach, describe, expect, it } from '@jest/globals';
import { ApiError, errorMessage, problemFrom, setErrorLocale } from './problem';

const problem = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

afterEach(() => setErrorLocale('zh-CN'));

describe('a refused call as the user reads it', () => {
  it('says the Chinese message in the Chinese UI: the BFF’s messageZh or a service’s detailZh', async () => {
    const bff = await problemFrom(
      problem(401, { code: 'invalid_credentials', detail: 'wrong', messageZh: '用户名或密码错误' }),
    );
    expect(bff).toBeInstanceOf(ApiError);
    expect(bff.message).toBe('用户名或密码错误');
    expect(bff.code).toBe('invalid_credentials');
    const service = await problemFrom(
      problem(409, { code: 'already_decided', detail: 'case x is already decided', detailZh: '该申请已审核完毕' }),
    );
    expect(service.message).toBe('该申请已审核完毕');
  });

  it('says the English detail in the English UI', async () => {
    setErrorLocale('en');
    const err = await problemFrom(
      problem(409, { code: 'already_decided', detail: 'case x is already decided', detailZh: '该申请已审核完毕' }),
    );
    expect(err.message).toBe('case x is already decided');
  });

  it('reads Retry-After (a lock-out, a busy service)', async () => {
    const err = await problemFrom(problem(423, { code: 'account_locked' }, { 'retry-after': '840' }));
    expect(err.retryAfterSeconds).toBe(840);
    expect(err.status).toBe(423);
  });

  it('still says something in Chinese when the answer is not JSON', async () => {
    const err = await problemFrom(problem(502, '<html>bad gateway</html>'));
    expect(err.code).toBe('http_502');
    expect(err.message).toBe('系统繁忙，请稍后再试');
  });

  it('names an unreachable server as such', () => {
    expect(errorMessage(new TypeError('Failed to fetch'), '无法连接服务器')).toBe('无法连接服务器');
  });
});
