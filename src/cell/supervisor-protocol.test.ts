import { describe, expect, it } from 'vitest';
import { encodeRun, parseSupervisorMessage } from './supervisor-protocol.ts';

describe('the supervisor protocol', () => {
  it('reads the messages the supervisor sends', () => {
    expect(parseSupervisorMessage('{"type":"ready","pid":2}')).toEqual({ type: 'ready', pid: 2 });
    const exit = {
      type: 'exit',
      exitCode: 3,
      signal: null,
      resources: { userCpuMs: 10, systemCpuMs: 0, maxRssBytes: 4096, wallMs: 12 },
    };
    expect(parseSupervisorMessage(JSON.stringify(exit))).toEqual(exit);
  });

  it('keeps nothing but well-typed fields from a tampered report', () => {
    const forged = {
      type: 'exit',
      exitCode: '0; rm -rf',
      signal: 'SIGNOPE',
      resources: {
        userCpuMs: -5,
        systemCpuMs: 'x',
        maxRssBytes: Number.POSITIVE_INFINITY,
        wallMs: 7,
        extra: 'y',
      },
      error: 'e'.repeat(10_000),
      injected: true,
    };
    const parsed = parseSupervisorMessage(JSON.stringify(forged));
    expect(parsed).toEqual({
      type: 'exit',
      exitCode: null,
      signal: null,
      resources: { userCpuMs: 0, systemCpuMs: 0, maxRssBytes: 0, wallMs: 7 },
      error: 'e'.repeat(500),
    });
  });

  it('ignores lines that are not messages', () => {
    for (const line of ['', 'not json', '[]', 'null', '{"type":"ready"}', '{"type":"other"}']) {
      expect(parseSupervisorMessage(line)).toBeUndefined();
    }
  });

  it('writes one line per run message', () => {
    expect(encodeRun({ argv: ['true'], env: { A: 'b' } })).toBe(
      '{"type":"run","argv":["true"],"env":{"A":"b"}}\n',
    );
  });
});
