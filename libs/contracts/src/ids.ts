import { z } from 'zod';

/** Every id in the API (UUIDs, codes, `<taskId>_<n>` bid ids): one shape, checked in one place. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

export const idSchema = z.string().regex(ID_PATTERN, 'must be an id');
