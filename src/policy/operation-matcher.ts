import type { HttpMethod } from '../csp-api/http/route-kit.ts';
import { AppError } from '../errors/index.ts';
import type { ApiOperationRef } from './egress-decision.ts';

/** Matches a canonical request (method + decoded segments) to the API operation it performs. */
export interface OperationMatcher {
  match(method: HttpMethod, segments: readonly string[]): ApiOperationRef | undefined;
  /** Every distinct operation, in the order first given. */
  readonly operations: readonly ApiOperationRef[];
}

interface CompiledTemplate {
  operation: ApiOperationRef;
  /** Per segment: the literal it must equal, or `undefined` for a `:param` (any non-empty segment). */
  literals: ReadonlyArray<string | undefined>;
}

const methods: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT']);
const parameterPattern = /^:[A-Za-z_][A-Za-z0-9_]*$/;
/** Literal segments use only unreserved characters, so a literal is its own canonical encoding. */
const literalPattern = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

function compile(operation: ApiOperationRef): CompiledTemplate {
  const invalid = (problem: string) =>
    new AppError('invalid_argument', `Operation ${operation.method} ${operation.path}: ${problem}.`, {
      details: { operation },
    });
  if (!methods.has(operation.method)) throw invalid('the method must be GET, POST or PUT');
  if (!operation.path.startsWith('/') || operation.path === '/') throw invalid('the path must start with /');
  const literals = operation.path
    .slice(1)
    .split('/')
    .map((segment) => {
      if (parameterPattern.test(segment)) return undefined;
      if (literalPattern.test(segment)) return segment;
      throw invalid(`"${segment}" is neither a literal segment nor a :parameter`);
    });
  return { operation: { method: operation.method, path: operation.path }, literals };
}

/** Literal segments before parameters, position by position: `/items/bulk` beats `/items/:itemId`. */
function bySpecificity(left: CompiledTemplate, right: CompiledTemplate): number {
  for (let index = 0; index < left.literals.length; index += 1) {
    const leftIsParameter = left.literals[index] === undefined;
    const rightIsParameter = right.literals[index] === undefined;
    if (leftIsParameter !== rightIsParameter) return leftIsParameter ? 1 : -1;
  }
  return 0;
}

function matches(template: CompiledTemplate, segments: readonly string[]): boolean {
  for (let index = 0; index < segments.length; index += 1) {
    const literal = template.literals[index];
    const segment = segments[index];
    if (literal === undefined ? segment === '' : literal !== segment) return false;
  }
  return true;
}

/** Two templates that match exactly the same requests (`/x/:id` and `/x/:orderId`) are a configuration error. */
function shapeOf(template: CompiledTemplate): string {
  return `${template.operation.method} ${template.literals.map((literal) => literal ?? ':').join('/')}`;
}

/**
 * Builds a matcher over operation templates (`/api/purchase_orders/:id/acknowledge`). Templates
 * are grouped by method and segment count, each group ordered most specific first, so a match is
 * the first template of one small group that fits.
 */
export function createOperationMatcher(operations: Iterable<ApiOperationRef>): OperationMatcher {
  const groups = new Map<string, CompiledTemplate[]>();
  const shapes = new Map<string, ApiOperationRef>();
  const distinct: ApiOperationRef[] = [];
  for (const operation of operations) {
    const template = compile(operation);
    const shape = shapeOf(template);
    const earlier = shapes.get(shape);
    if (earlier?.path === operation.path) continue;
    if (earlier) {
      throw new AppError(
        'invalid_argument',
        `Operations ${earlier.method} ${earlier.path} and ${operation.method} ${operation.path} match the same requests.`,
        { details: { operations: [earlier, operation] } },
      );
    }
    shapes.set(shape, template.operation);
    distinct.push(template.operation);
    const key = `${operation.method} ${template.literals.length}`;
    const group = groups.get(key) ?? [];
    group.push(template);
    groups.set(key, group);
  }
  for (const group of groups.values()) group.sort(bySpecificity);
  return {
    operations: distinct,
    match(method, segments) {
      const group = groups.get(`${method} ${segments.length}`);
      if (!group) return undefined;
      for (const template of group) if (matches(template, segments)) return template.operation;
      return undefined;
    },
  };
}
