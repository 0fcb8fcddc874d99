import { DomainError } from '@carelink/contracts';

export const MIN_PASSWORD_LENGTH = 10;
/** Longer inputs are refused before hashing: argon2 of a megabyte is a cheap way to load the server. */
export const MAX_PASSWORD_LENGTH = 128;

/**
 * A password an account may choose: at least 10 characters (code points), at most 128, and not the username
 * (in any case, or with spaces around it).
 */
export function assertAcceptablePassword(password: string, username: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    throw DomainError.invalid(
      'weak_password',
      `a password has at least ${MIN_PASSWORD_LENGTH} characters`,
      `密码至少${MIN_PASSWORD_LENGTH}位`,
    );
  if (length > MAX_PASSWORD_LENGTH)
    throw DomainError.invalid(
      'weak_password',
      `a password has at most ${MAX_PASSWORD_LENGTH} characters`,
      `密码最多${MAX_PASSWORD_LENGTH}位`,
    );
  if (password.trim().toLowerCase() === username.trim().toLowerCase())
    throw DomainError.invalid('weak_password', 'the password cannot be the username', '密码不能与用户名相同');
}
