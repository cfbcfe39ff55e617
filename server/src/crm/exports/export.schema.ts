import { z } from 'zod';
import { contactListQuery } from '../contacts/contact.schema.ts';
import { customerListQuery } from '../customers/customer.schema.ts';
import { leadListQuery } from '../leads/lead.schema.ts';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The list's own filters and sort (the same schema, so an export is exactly what the list shows), without paging. */
export const customerExportQuery = customerListQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(exportFormats) });
export type CustomerExportQuery = z.infer<typeof customerExportQuery>;

export const contactExportQuery = contactListQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(exportFormats) });
export type ContactExportQuery = z.infer<typeof contactExportQuery>;

export const leadExportQuery = leadListQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(exportFormats) });
export type LeadExportQuery = z.infer<typeof leadExportQuery>;
