import { z } from 'zod';
import { contactListQuery } from '../contacts/contact.schema.ts';
import { customerListQuery } from '../customers/customer.schema.ts';
import { leadListQuery } from '../leads/lead.schema.ts';
import { timeZoneField } from '../../i18n/time-zone.ts';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * The list's own filters and sort (the same schema, so an export is exactly what the list shows), without paging; and
 * the requester's time zone (IANA, from the browser), in which the file's date and its timestamps are written.
 */
export const customerExportQuery = customerListQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(exportFormats), tz: timeZoneField });
export type CustomerExportQuery = z.infer<typeof customerExportQuery>;

export const contactExportQuery = contactListQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(exportFormats), tz: timeZoneField });
export type ContactExportQuery = z.infer<typeof contactExportQuery>;

export const leadExportQuery = leadListQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(exportFormats), tz: timeZoneField });
export type LeadExportQuery = z.infer<typeof leadExportQuery>;
