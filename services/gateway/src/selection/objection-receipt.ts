import { z } from 'zod';
import { OBJECTION_STATUSES } from '@cadre/contracts';

/**
 * What filing an objection answers (`POST /selection/rounds/:id/objections` → 201 `{id, status}`): only the
 * objection's id and status, never the round (which holds other objectors).
 */
export const objectionReceiptViewSchema = z.strictObject({ id: z.string(), status: z.enum(OBJECTION_STATUSES) });
export type ObjectionReceiptView = z.infer<typeof objectionReceiptViewSchema>;
