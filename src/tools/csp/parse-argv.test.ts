import { describe, expect, it } from 'vitest';
import { parseCspArgv } from './parse-argv.ts';

function command(argv: string[]) {
  const parsed = parseCspArgv(argv);
  if (parsed.kind !== 'command') throw new Error(`expected a command, got ${JSON.stringify(parsed)}`);
  return parsed;
}

function usageMessage(argv: string[]): string {
  const parsed = parseCspArgv(argv);
  if (parsed.kind !== 'usage-error') throw new Error(`expected a usage error, got ${parsed.kind}`);
  return parsed.message;
}

describe('parseCspArgv', () => {
  it('resolves the longest command and types its flags', () => {
    const parsed = command([
      'catalog',
      'items',
      'list',
      '--catalog',
      '7',
      '--limit',
      '5',
      '--missing',
      'description',
    ]);
    expect(parsed.command.path).toEqual(['catalog', 'items', 'list']);
    expect(parsed.input.string('catalog')).toBe('7');
    expect(parsed.input.value('limit')).toBe(5);
    expect(parsed.input.list('missing')).toEqual(['description']);
  });

  it('accepts --flag=value, repeated flags, and positionals after --', () => {
    const parsed = command([
      'purchase-orders',
      'list',
      '--status=issued',
      '--filter',
      'a=1',
      '--filter=b[gt]=2',
    ]);
    expect(parsed.input.string('status')).toBe('issued');
    expect(parsed.input.list('filter')).toEqual(['a=1', 'b[gt]=2']);
    const show = command(['purchase-orders', 'show', '--', '--api-url=http://elsewhere']);
    expect(show.input.positional('id')).toBe('--api-url=http://elsewhere');
    expect(show.connection.apiUrl).toBeUndefined();
  });

  it('takes the next argument verbatim as a value, even when it starts with dashes', () => {
    const parsed = command(['invoices', 'comment', '7', '--text', '--not-a-flag']);
    expect(parsed.input.string('text')).toBe('--not-a-flag');
    expect(command(['invoices', 'comment', '7', '--text', '--help']).input.string('text')).toBe('--help');
  });

  it('separates connection flags and the idempotency key from command flags', () => {
    const parsed = command([
      '--api-url',
      'http://x',
      'purchase-orders',
      'acknowledge',
      'NWC-PO-1',
      '--token',
      't',
      '--idempotency-key',
      'k1',
    ]);
    expect(parsed.connection).toMatchObject({ apiUrl: 'http://x', token: 't' });
    expect(parsed.idempotencyKey).toBe('k1');
    expect(parsed.input.has('token')).toBe(false);
  });

  it('names the flag in every usage error', () => {
    expect(usageMessage(['purchase-orders', 'list', '--statu', 'issued'])).toMatch(
      /--statu.*did you mean --status/,
    );
    expect(usageMessage(['purchase-orders', 'list', '--status', 'open'])).toMatch(
      /--status: must be one of issued/,
    );
    expect(usageMessage(['purchase-orders', 'list', '--limit', '51'])).toMatch(/--limit: must be at most 50/);
    expect(usageMessage(['purchase-orders', 'list', '--limit', 'ten'])).toMatch(
      /--limit: must be a whole number/,
    );
    expect(usageMessage(['purchase-orders', 'list', '--acknowledged', 'yes'])).toMatch(
      /--acknowledged: must be true or false/,
    );
    expect(usageMessage(['purchase-orders', 'list', '--created-after', 'May'])).toMatch(
      /--created-after: must be an ISO/,
    );
    expect(usageMessage(['purchase-orders', 'list', '--status'])).toMatch(/--status: needs a value/);
    expect(usageMessage(['purchase-orders', 'list', '--status', 'issued', '--status', 'closed'])).toMatch(
      /--status: is given more than once/,
    );
    expect(usageMessage(['purchase-orders', 'confirm', 'NWC-PO-1'])).toMatch(/--action: is required/);
    expect(usageMessage(['purchase-orders', 'show'])).toMatch(/ID: is required/);
    expect(usageMessage(['purchase-orders', 'show', 'a', 'b'])).toMatch(/b: unexpected argument/);
    expect(usageMessage(['purchase-orders', 'acknowledge', '1', '--unset=yes'])).toMatch(
      /--unset: takes no value/,
    );
  });

  it('refuses single-item flags beside a bulk source', async () => {
    const parsed = command(['catalog', 'items', 'add', '--catalog', '2', '--csv-text', 'a', '--price', '3']);
    const context = { readFile: async () => '', lookup: async () => ({}) };
    await expect(async () => parsed.command.build(parsed.input, context)).rejects.toThrow(
      /--price: cannot be combined with --csv-text/,
    );
  });

  it('offers --idempotency-key to writes only', () => {
    expect(usageMessage(['purchase-orders', 'list', '--idempotency-key', 'k'])).toMatch(
      /--idempotency-key: unknown flag/,
    );
    expect(command(['invoices', 'submit', '5', '--idempotency-key', 'k']).idempotencyKey).toBe('k');
  });

  it('reports unknown commands and lists what a group has', () => {
    expect(usageMessage([])).toMatch(/a command is required/);
    expect(usageMessage(['orders', 'list'])).toMatch(/unknown command "orders"/);
    expect(usageMessage(['purchase-orders', 'lst'])).toMatch(/purchase-orders has: list, show, acknowledge/);
    expect(usageMessage(['catalog'])).toMatch(/"catalog" needs a subcommand: items/);
  });

  it('answers --help at every level', () => {
    const root = parseCspArgv(['--help']);
    expect(root.kind === 'help' && root.text).toMatch(/purchase-orders acknowledge/);
    const group = parseCspArgv(['invoices', '--help']);
    expect(group.kind === 'help' && group.text).toMatch(/invoices flip/);
    const one = parseCspArgv(['purchase-orders', 'acknowledge', '-h']);
    expect(one.kind === 'help' && one.text).toMatch(/PUT \/api\/purchase_orders\/:id\/acknowledge/);
    const withOthers = parseCspArgv(['purchase-orders', 'list', '--status', 'bogus', '--help']);
    expect(withOthers.kind).toBe('help');
  });
});
