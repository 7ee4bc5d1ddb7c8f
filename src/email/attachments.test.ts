import type { Attachment } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { triageAttachments } from './attachments.ts';

function attachment(fields: Partial<Attachment> & { content: Buffer }): Attachment {
  return {
    type: 'attachment',
    contentType: 'application/octet-stream',
    partId: '2',
    headers: new Map(),
    release: null,
    checksum: '',
    size: fields.content.length,
    ...fields,
  } as Attachment;
}

describe('triageAttachments', () => {
  it('gives CSV files to the model by type or by name with a generic type, without a byte-order mark', () => {
    const triage = triageAttachments(
      [
        attachment({ filename: 'a.csv', contentType: 'text/csv', content: Buffer.from('\uFEFFpart,name\n') }),
        attachment({
          filename: 'b.CSV',
          contentType: 'application/octet-stream',
          content: Buffer.from('x,y\n'),
        }),
      ],
      { csvMaxBytes: 1024 },
    );
    expect(triage.csv.map((file) => [file.filename, file.text])).toEqual([
      ['a.csv', 'part,name\n'],
      ['b.CSV', 'x,y\n'],
    ]);
    expect(triage.refused).toEqual([]);
    expect(triage.summaries.map((summary) => summary.use)).toEqual(['csv', 'csv']);
  });

  it('refuses other types, binary CSVs and CSVs over the limit, each with its reason', () => {
    const triage = triageAttachments(
      [
        attachment({ filename: 'prices.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }),
        attachment({
          filename: 'bin.csv',
          contentType: 'text/csv',
          content: Buffer.from([0xff, 0xfe, 0x00]),
        }),
        attachment({ filename: 'ok.csv', contentType: 'text/csv', content: Buffer.alloc(600, 'a') }),
        attachment({ filename: 'more.csv', contentType: 'text/csv', content: Buffer.alloc(600, 'b') }),
        attachment({
          filename: 'data.xlsx',
          contentType: 'application/octet-stream',
          content: Buffer.from('PK'),
        }),
      ],
      { csvMaxBytes: 1024 },
    );
    expect(triage.csv.map((file) => file.filename)).toEqual(['ok.csv']);
    expect(triage.refused).toEqual([
      {
        filename: 'prices.pdf',
        reason: 'it is application/pdf; only CSV files (for catalog requests) are read',
      },
      { filename: 'bin.csv', reason: 'it is not a UTF-8 text file' },
      {
        filename: 'more.csv',
        reason: 'CSV attachments may have 1 KiB in all; this one brings it to 1.2 KiB',
      },
      {
        filename: 'data.xlsx',
        reason: 'it is application/octet-stream; only CSV files (for catalog requests) are read',
      },
    ]);
  });

  it('ignores inline images of the body (signature logos) but refuses attached images', () => {
    const triage = triageAttachments(
      [
        attachment({
          filename: 'logo.png',
          contentType: 'image/png',
          related: true,
          content: Buffer.from('png'),
        }),
        attachment({ filename: 'photo.jpg', contentType: 'image/jpeg', content: Buffer.from('jpg') }),
      ],
      { csvMaxBytes: 1024 },
    );
    expect(triage.summaries.map((summary) => [summary.filename, summary.use])).toEqual([
      ['logo.png', 'ignored'],
      ['photo.jpg', 'refused'],
    ]);
  });
});
