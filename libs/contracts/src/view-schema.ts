import { z } from 'zod';

/**
 * Building blocks of the response views: every shape the API answers is a zod schema, its type inferred from it.
 * Views are strict objects, so a field a service answers that the contract does not declare fails a check
 * (the tests parse real answers with these schemas) and the OpenAPI document says `additionalProperties: false`.
 */

/** An instant as the services answer it: ISO 8601 (`2026-06-30T16:00:00.000Z`). */
export const dateTimeView = z.iso.datetime({ offset: true });
/** A calendar day (`YYYY-MM-DD`). */
export const dateView = z.iso.date();
/** A whole number: counts, versions, pages. */
export const intView = z.number().int();

/** The page of a list (`Page<T>`): the items of the page, the total matching, the page number and size. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    total: intView.min(0),
    page: intView.min(1),
    pageSize: intView.min(1),
  });

export type Page<T> = z.infer<ReturnType<typeof pageSchema<z.ZodType<T>>>>;
