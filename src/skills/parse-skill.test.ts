import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError } from '../errors/index.ts';
import { parseSkill } from './parse-skill.ts';
import { defaultSkillBudgets } from './skill-budgets.ts';

const file = 'skills/order-lookup/SKILL.md';

const validFields: Record<string, unknown> = {
  name: 'order-lookup',
  description: 'Looks up purchase orders.',
  'allowed-tools': 'purchase_orders_list purchase_orders_show',
};

/** A SKILL.md: the valid fields with `changes` applied (an `undefined` value removes a field). */
function skillText(changes: Record<string, unknown> = {}, body = 'Read the order, then answer.'): string {
  return `---\n${stringify({ ...validFields, ...changes })}---\n${body}\n`;
}

/** The AppError `parse` throws; fails the test when it throws nothing or something else. */
function errorOf(parse: () => unknown): AppError {
  try {
    parse();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  expect.fail('expected an invalid_argument AppError, but the skill parsed');
}

function expectInvalid(text: string, field: string, message?: RegExp, path = file): AppError {
  const error = errorOf(() => parseSkill(path, text));
  expect(error.code).toBe('invalid_argument');
  expect(error.details).toEqual({ file: path, field });
  expect(error.message).toContain(path);
  expect(error.message).toContain(field);
  if (message) expect(error.message).toMatch(message);
  return error;
}

describe('parseSkill', () => {
  it('reads a valid file, with defaults for every optional field (positive control)', () => {
    const skill = parseSkill(file, skillText());
    expect(skill).toEqual({
      name: 'order-lookup',
      description: 'Looks up purchase orders.',
      allowedTools: ['purchase_orders_list', 'purchase_orders_show'],
      budgets: defaultSkillBudgets,
      requiredScopes: [],
      toolScopes: {},
      examples: [],
      body: 'Read the order, then answer.',
      file,
    });
  });

  it('reads every field', () => {
    const text = skillText({
      'allowed-tools': ['purchase_orders_list', 'purchase_orders_acknowledge'],
      'max-tool-calls': 80,
      'max-tokens': 50_000,
      'max-duration': '1m30s',
      'required-scopes': ['csp.orders.read'],
      'tool-scopes': { purchase_orders_acknowledge: ['csp.orders.write'] },
      examples: ['Which orders are open?', '  Acknowledge NWC-PO-11001  '],
      license: 'Apache-2.0',
      compatibility: 'Supplier Agent Runtime',
      metadata: { version: '1' },
    });
    const skill = parseSkill(file, text);
    expect(skill.allowedTools).toEqual(['purchase_orders_list', 'purchase_orders_acknowledge']);
    expect(skill.budgets).toEqual({ maxToolCalls: 80, maxTokens: 50_000, maxDurationMs: 90_000 });
    expect(skill.requiredScopes).toEqual(['csp.orders.read']);
    expect(skill.toolScopes).toEqual({ purchase_orders_acknowledge: ['csp.orders.write'] });
    expect(skill.examples).toEqual(['Which orders are open?', 'Acknowledge NWC-PO-11001']);
  });

  it('accepts allowed-tools separated by spaces, by commas, or as a list', () => {
    const tools = ['purchase_orders_list', 'purchase_orders_show', 'customers_list'];
    for (const value of [tools.join(' '), tools.join(', '), tools.join(','), tools]) {
      expect(parseSkill(file, skillText({ 'allowed-tools': value })).allowedTools).toEqual(tools);
    }
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    const text = `\uFEFF${skillText().replaceAll('\n', '\r\n')}`;
    expect(parseSkill(file, text).name).toBe('order-lookup');
  });

  it('refuses a file without front matter', () => {
    expectInvalid('# Order lookup\n\nRead the order.\n', 'front-matter', /missing/);
    expectInvalid('---\nname: order-lookup\nRead the order.\n', 'front-matter', /missing/);
  });

  it('refuses front matter that is not valid YAML', () => {
    expectInvalid(skillText().replace('name: order-lookup', 'name: [order-lookup'), 'front-matter', /YAML/);
    // An unquoted colon in a value, the usual mistake; the description is line 3 of the file.
    const text =
      '---\nname: order-lookup\ndescription: Looks: up orders\nallowed-tools: customers_list\n---\nBody.\n';
    expectInvalid(text, 'front-matter', /not valid YAML: .*\(line 3, column 14\)/);
  });

  it('refuses a key given twice', () => {
    expectInvalid(skillText().replace('---\n', '---\nname: other\n'), 'front-matter', /YAML/);
  });

  it('refuses front matter that is not a mapping', () => {
    expectInvalid('---\n- name\n- description\n---\nBody.\n', 'front-matter', /mapping/);
  });

  it('refuses a missing or empty name', () => {
    expectInvalid(skillText({ name: undefined }), 'name', /required/);
    expectInvalid(skillText({ name: '  ' }), 'name', /empty/);
    expectInvalid(skillText({ name: 42 }), 'name', /text/);
  });

  it('refuses a name that is not lowercase-hyphenated', () => {
    expectInvalid(skillText({ name: 'Order_Lookup' }), 'name', /lowercase/, 'skills/Order_Lookup/SKILL.md');
  });

  it('refuses a name that does not match its folder', () => {
    expectInvalid(skillText({ name: 'order-status' }), 'name', /folder name "order-lookup"/);
  });

  it('refuses a missing or empty description', () => {
    expectInvalid(skillText({ description: undefined }), 'description', /required/);
    expectInvalid(skillText({ description: '' }), 'description', /empty/);
    expectInvalid(skillText({ description: 'x'.repeat(1025) }), 'description', /1024/);
  });

  it('refuses an unknown tool in allowed-tools, naming it', () => {
    expectInvalid(
      skillText({ 'allowed-tools': 'purchase_orders_list purchase_order_show' }),
      'allowed-tools',
      /unknown tool "purchase_order_show"/,
    );
  });

  it('refuses missing, empty, malformed or repeated allowed-tools', () => {
    expectInvalid(skillText({ 'allowed-tools': undefined }), 'allowed-tools', /required/);
    expectInvalid(skillText({ 'allowed-tools': '' }), 'allowed-tools', /at least one/);
    expectInvalid(skillText({ 'allowed-tools': { a: 1 } }), 'allowed-tools', /list/);
    expectInvalid(skillText({ 'allowed-tools': ['purchase_orders_list', 7] }), 'allowed-tools', /item 2/);
    expectInvalid(
      skillText({ 'allowed-tools': 'purchase_orders_list purchase_orders_list' }),
      'allowed-tools',
      /twice/,
    );
  });

  it('refuses tool-scopes naming a tool that is not in allowed-tools', () => {
    // invoices_list exists in the manifest: only the allowed-tools check can refuse it.
    expectInvalid(
      skillText({ 'tool-scopes': { invoices_list: ['csp.invoices.read'] } }),
      'tool-scopes',
      /"invoices_list", which is not in allowed-tools/,
    );
  });

  it('refuses tool-scopes that are not a mapping of scope lists', () => {
    expectInvalid(skillText({ 'tool-scopes': ['csp.orders.read'] }), 'tool-scopes', /mapping/);
    expectInvalid(skillText({ 'tool-scopes': { purchase_orders_list: [] } }), 'tool-scopes', /no scopes/);
  });

  it('refuses unknown csp scopes and malformed scopes', () => {
    expectInvalid(skillText({ 'required-scopes': ['csp.order.read'] }), 'required-scopes', /unknown scope/);
    expectInvalid(skillText({ 'required-scopes': ['CSP.Orders.Read'] }), 'required-scopes', /not a scope/);
    expectInvalid(
      skillText({ 'tool-scopes': { purchase_orders_list: ['csp.orders.writes'] } }),
      'tool-scopes',
      /unknown scope/,
    );
  });

  it.each([
    ['max-tool-calls', 0],
    ['max-tool-calls', -3],
    ['max-tool-calls', 2.5],
    ['max-tool-calls', '10'],
    ['max-tokens', 0],
    ['max-tokens', 1e20],
    ['max-tokens', null],
  ])('refuses %s %j: budgets are whole numbers above zero', (field, value) => {
    expectInvalid(skillText({ [field]: value }), field, /whole number above 0/);
  });

  it.each([['soon'], ['90'], [90], ['0s'], ['5 minutes'], ['30s5m'], ['']])(
    'refuses max-duration %j',
    (value) => {
      expectInvalid(skillText({ 'max-duration': value }), 'max-duration', /duration/);
    },
  );

  it('refuses an unknown front-matter key, suggesting the closest one', () => {
    expectInvalid(skillText({ 'max-tool-call': 10 }), 'max-tool-call', /Did you mean "max-tool-calls"\?/);
    expectInvalid(skillText({ allowed_tools: 'x' }), 'allowed_tools', /not a known field/);
  });

  it('refuses examples that are not a list of text', () => {
    expectInvalid(skillText({ examples: 'Which orders are open?' }), 'examples', /list/);
    expectInvalid(skillText({ examples: ['Which orders are open?', ''] }), 'examples', /item 2/);
  });

  it('refuses Agent Skills fields of the wrong shape', () => {
    expectInvalid(skillText({ metadata: { version: 1 } }), 'metadata', /text/);
    expectInvalid(skillText({ license: ['MIT'] }), 'license', /text/);
  });

  it('refuses an empty body', () => {
    expectInvalid(skillText({}, ''), 'body', /empty/);
    expectInvalid(skillText({}, '  \n\n\t\n'), 'body', /empty/);
  });
});
