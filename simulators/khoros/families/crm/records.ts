/**
 * How the CRM family serves stored records: as the dataset holds them (declared custom
 * fields at the top level, interactions in stored order), plus links. Seed-defined: a
 * record without `url` gets the API link to itself, and every interaction attachment gets
 * a `url` on the files family (`/files/attachments/{id}/{fileName}`); literal content
 * (`contentBase64`) is never served inline.
 */
import type { Attachment, Case, Customer, Interaction } from '../../../dataset/types.ts';
import type { KhorosRequest } from '../../route.ts';

/** An attachment as served: its metadata and where to download it. */
export type ServedAttachment = Omit<Attachment, 'contentBase64'> & { url: string };

/**
 * The customer as served.
 *
 * @example
 * customerRecord(customer, req).url; // 'http://127.0.0.1:PORT/crm/customer/cust-1' when the dataset has none
 */
export function customerRecord(customer: Customer, req: KhorosRequest): Customer {
  return customer.url ? customer : { ...customer, url: `${req.baseUrl}/customer/${encodeURIComponent(customer.id)}` };
}

/**
 * The case as served, with attachment links on its interactions.
 *
 * @example
 * caseRecord(kase, req).interactions[0].attachments?.[0].url; // '…/files/attachments/att-1/photo.png'
 */
export function caseRecord(kase: Case, req: KhorosRequest): Case {
  return {
    ...kase,
    url: kase.url ?? `${req.baseUrl}/case/${encodeURIComponent(kase.id)}`,
    interactions: kase.interactions.map((i) => interactionRecord(i, req)),
  };
}

function interactionRecord(interaction: Interaction, req: KhorosRequest): Interaction {
  if (!interaction.attachments?.length) return interaction;
  return { ...interaction, attachments: interaction.attachments.map((a) => attachmentRecord(a, req)) };
}

function attachmentRecord(attachment: Attachment, req: KhorosRequest): ServedAttachment {
  const { contentBase64: _content, ...rest } = attachment;
  return { ...rest, url: `${req.rootUrl}/files/attachments/${encodeURIComponent(attachment.id)}/${encodeURIComponent(attachment.fileName)}` };
}
