// Schemas every contract uses: ids, days, months, the squad filter.
import { z } from 'zod';
import { isDay, isMonth } from './time.ts';

export const Id = z.coerce.number().int().positive().max(2_147_483_647);

/** `?squad=N`: narrow a town-wide answer to one squad. */
export const SquadQuery = z.strictObject({ squad: Id.optional() });

/** An Asia/Shanghai calendar day, YYYY-MM-DD. */
export const Day = z.string().refine(isDay, 'a day YYYY-MM-DD');
/** A calendar month, YYYY-MM. */
export const Month = z.string().refine(isMonth, 'a month YYYY-MM');
