import { AppError } from './app-error';

/**
 * A caller's `Idempotency-Key` header, checked (8–128 letters, digits, `.`, `_`, `:`, `-`). The same key
 * from the same caller again gets the first answer instead of doing the work twice.
 */
export function idempotencyKeyOf(req: { header(name: string): string | undefined }): string | undefined {
  const key = req.header('idempotency-key');
  if (key !== undefined && !/^[\w.:-]{8,128}$/.test(key))
    throw AppError.badRequest(
      'invalid_idempotency_key',
      'Idempotency-Key: 8–128 letters, digits, . _ : -',
      '请求标识格式不正确',
    );
  return key;
}
