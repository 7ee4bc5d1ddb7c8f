import type { CspRunResult } from '../../tools/csp/index.ts';

/**
 * What the model reads of a tool run: the tool's JSON output when it succeeded, else a JSON error
 * `{"error":{"code","message","status"?,"errors"?}}` built from what the tool reported.
 */
export function toolResultContent(result: CspRunResult): { content: string; isError: boolean } {
  if (result.exitCode === 0) return { content: result.stdout.trim(), isError: false };
  const reported = parseReport(result.stderr);
  if (reported) return { content: JSON.stringify({ error: reported }), isError: true };
  const message =
    (result.stderr || result.stdout).trim().replace(/^csp: /, '') || `exit status ${result.exitCode}`;
  const code = result.exitCode === 2 ? 'usage' : result.exitCode === 3 ? 'unavailable' : 'tool_failed';
  return { content: JSON.stringify({ error: { code, message } }), isError: true };
}

/** The API's refusal as `csp` prints it on stderr: `{ status, code, errors }`. */
function parseReport(stderr: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stderr.trim());
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const report = value as { status?: unknown; code?: unknown; errors?: unknown };
  if (typeof report.code !== 'string') return undefined;
  const errors = (typeof report.errors === 'object' && report.errors !== null ? report.errors : {}) as Record<
    string,
    unknown
  >;
  const first = Object.values(errors).flat()[0];
  return {
    code: report.code,
    message: typeof first === 'string' ? first : report.code,
    ...(typeof report.status === 'number' ? { status: report.status } : {}),
    errors,
  };
}

/** Errors the loop itself answers with, before anything runs. */
export function loopError(code: string, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ error: { code, message, ...extra } });
}
