import type { ProblemFieldError } from '@cadre/contracts';

export const PASSWORD_MIN_LENGTH = 10;

/** The password policy: long enough, mixed, not the username. Returns what is wrong, or nothing. */
export function passwordProblems(password: string, username: string, path = 'password'): ProblemFieldError[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > 128) problems.push('have at most 128 characters');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) problems.push('mix letters and digits');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('not contain the username');
  return problems.length ? [{ path, message: `must ${problems.join(', ')}` }] : [];
}
