import { z } from 'zod';

export const SAVED_VIEW_LISTS = ['customers', 'contacts', 'deals', 'contracts', 'leads'] as const;
export type SavedViewList = (typeof SAVED_VIEW_LISTS)[number];

/** At most this many views per person and list (their own; shared ones from others come on top). */
export const MAX_VIEWS_PER_LIST = 50;

/**
 * A list's address query, e.g. `owner=me&level=A&sort=name&order=asc`: short keys, values of bounded length, no more
 * than 20 pairs. What each value means is the list's business; nothing here reaches SQL.
 */
const queryField = z
  .string()
  .max(1000)
  .refine((query) => {
    const params = new URLSearchParams(query);
    const keys = [...params.keys()];
    return keys.length <= 20 && keys.every((key) => /^[a-zA-Z]{1,20}$/.test(key)) && [...params.values()].every((value) => value.length <= 200);
  }, 'invalid view query');

const columnsField = z.array(z.string().regex(/^[a-zA-Z]{1,40}$/)).max(40);
const nameField = z.string().trim().min(1).max(60);

export const savedViewSchema = z.object({
  id: z.string(),
  list: z.enum(SAVED_VIEW_LISTS),
  name: z.string(),
  query: z.string(),
  columns: z.array(z.string()),
  shared: z.boolean(),
  ownerName: z.string(),
  /** Only its author renames, updates or deletes a view. */
  mine: z.boolean(),
  updatedAt: z.date(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const savedViewListQuery = z.strictObject({ list: z.enum(SAVED_VIEW_LISTS) });
export const savedViewListSchema = z.object({ items: z.array(savedViewSchema) });
export const savedViewCreateBody = z.strictObject({ list: z.enum(SAVED_VIEW_LISTS), name: nameField, query: queryField, columns: columnsField, shared: z.boolean().default(false) });
export type SavedViewCreateInput = z.infer<typeof savedViewCreateBody>;
export const savedViewUpdateBody = z
  .strictObject({ name: nameField.optional(), query: queryField.optional(), columns: columnsField.optional(), shared: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type SavedViewUpdateInput = z.infer<typeof savedViewUpdateBody>;
/** Not z.uuid(): a malformed id answers 404 like an unknown one. */
export const savedViewParams = z.strictObject({ id: z.string().max(100) });
