import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('splits plain records on commas and line breaks of every kind', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\n4,5,6\r7,8,9')).toEqual({
      ok: true,
      records: [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
        ['4', '5', '6'],
        ['7', '8', '9'],
      ],
    });
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    const parsed = parseCsv('name,description\r\n"Bearing, sealed","20 mm ""heavy""\r\nduty"\r\n');
    expect(parsed).toEqual({
      ok: true,
      records: [
        ['name', 'description'],
        ['Bearing, sealed', '20 mm "heavy"\r\nduty'],
      ],
    });
  });

  it('keeps empty fields, empty quoted fields and blank lines', () => {
    expect(parseCsv('a,,""\n\nb,c,\n')).toEqual({
      ok: true,
      records: [['a', '', ''], [''], ['b', 'c', '']],
    });
  });

  it('ignores a byte-order mark and a final line break', () => {
    expect(parseCsv('\uFEFFa,b\r\n')).toEqual({ ok: true, records: [['a', 'b']] });
    expect(parseCsv('')).toEqual({ ok: true, records: [] });
  });

  it('reports an unclosed quote and text after a closing quote with the line', () => {
    expect(parseCsv('a,b\n"open,c\n')).toEqual({
      ok: false,
      message: 'a quoted field is never closed',
      line: 2,
    });
    expect(parseCsv('a\n"x\ny"z,1')).toMatchObject({ ok: false, line: 3 });
  });
});
