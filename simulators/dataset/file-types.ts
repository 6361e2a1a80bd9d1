/**
 * The file types of attachments and KB images, with the size ranges the generator draws
 * from. Only sizes are generated: the simulators produce the bytes from the id on demand.
 */

/** One file type. */
export interface FileType {
  ext: string;
  contentType: string;
  /** Size range in bytes for ordinary records. */
  min: number;
  max: number;
  /** Base names for file names (`{base}-{n}.{ext}`). */
  names: readonly string[];
  /** Size used on the planted `attachment-content-types` record. */
  planted: number;
}

/**
 * Attachment types: every one appears on the planted `attachment-content-types` case, with
 * sizes from 0 bytes (an empty text file) to about 9.5 MB.
 *
 * @example
 * ATTACHMENT_TYPES.map((t) => t.ext); // ['png', 'jpg', 'gif', 'pdf', 'txt', 'csv', 'docx']
 */
export const ATTACHMENT_TYPES: readonly FileType[] = [
  { ext: 'png', contentType: 'image/png', min: 20_000, max: 3_000_000, names: ['screenshot', 'error', 'receipt'], planted: 348_112 },
  { ext: 'jpg', contentType: 'image/jpeg', min: 40_000, max: 6_000_000, names: ['photo', 'damage', 'IMG'], planted: 2_411_520 },
  { ext: 'gif', contentType: 'image/gif', min: 10_000, max: 2_000_000, names: ['recording', 'animation'], planted: 1_048_576 },
  { ext: 'pdf', contentType: 'application/pdf', min: 30_000, max: 10_000_000, names: ['invoice', 'warranty', 'manual', 'statement'], planted: 9_961_472 },
  { ext: 'txt', contentType: 'text/plain', min: 0, max: 200_000, names: ['log', 'notes', 'debug'], planted: 0 },
  { ext: 'csv', contentType: 'text/csv', min: 100, max: 5_000_000, names: ['export', 'orders', 'transactions'], planted: 1_024 },
  { ext: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', min: 10_000, max: 4_000_000, names: ['letter', 'claim-form', 'complaint'], planted: 48_213 },
];

/**
 * The planted oversize attachment: 120 MiB declared, over any sane upload limit.
 *
 * @example
 * OVERSIZE_ATTACHMENT.size; // 125829120
 */
export const OVERSIZE_ATTACHMENT = { fileName: 'full-device-backup.zip', contentType: 'application/zip', size: 120 * 1024 * 1024 } as const;

/**
 * KB image types; image `j` has type `KB_IMAGE_TYPES[j % 4]`, so every type appears.
 *
 * @example
 * KB_IMAGE_TYPES[3].contentType; // 'image/webp'
 */
export const KB_IMAGE_TYPES: readonly FileType[] = [
  { ext: 'png', contentType: 'image/png', min: 8_000, max: 1_500_000, names: ['diagram', 'screenshot'], planted: 0 },
  { ext: 'jpg', contentType: 'image/jpeg', min: 20_000, max: 3_500_000, names: ['photo', 'product'], planted: 0 },
  { ext: 'gif', contentType: 'image/gif', min: 5_000, max: 4_000_000, names: ['walkthrough', 'animation'], planted: 0 },
  { ext: 'webp', contentType: 'image/webp', min: 4_000, max: 900_000, names: ['banner', 'thumbnail'], planted: 0 },
];
