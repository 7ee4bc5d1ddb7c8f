import { describe, expect, it } from 'vitest';
import type { SessionStats } from '../sessions/session-manager-types.ts';
import { escapeLabel, renderMetrics } from './metrics.ts';

const stats: SessionStats = {
  running: 3,
  queued: 1,
  runningByTenant: { northwind: 2, bluepeak: 1 },
  queuedByTenant: { northwind: 1 },
  suspendedTenants: ['harbor'],
  turns: { completed: 10, interrupted: 2, failed: 1 },
  refused: { busy: 4, suspended: 1, conflict: 2 },
  toolCalls: 30,
  egressDenied: 5,
  interrupts: 2,
  turnSeconds: {
    buckets: [
      { le: 0.5, count: 1 },
      { le: 1, count: 4 },
      { le: 5, count: 13 },
    ],
    sum: 21.5,
    count: 13,
  },
};

describe('Prometheus text', () => {
  const text = renderMetrics(
    stats,
    { streamsOpen: 1, streamsAbandoned: 2, unauthenticated: 3 },
    { rss: 100, heapTotal: 50, heapUsed: 40, external: 5 },
  );

  it('has each figure with HELP and TYPE', () => {
    for (const line of [
      '# TYPE supplier_agent_turns_running gauge',
      'supplier_agent_turns_running 3',
      'supplier_agent_turns_queued 1',
      'supplier_agent_tenant_sessions_running{tenant="bluepeak"} 1',
      'supplier_agent_tenant_sessions_running{tenant="northwind"} 2',
      'supplier_agent_tenant_sessions_queued{tenant="northwind"} 1',
      'supplier_agent_tenant_suspended{tenant="harbor"} 1',
      '# TYPE supplier_agent_turns_total counter',
      'supplier_agent_turns_total{status="completed"} 10',
      'supplier_agent_turns_total{status="interrupted"} 2',
      'supplier_agent_turns_refused_total{reason="busy"} 4',
      'supplier_agent_tool_calls_total 30',
      'supplier_agent_egress_denied_total 5',
      'supplier_agent_interrupts_total 2',
      '# TYPE supplier_agent_turn_duration_seconds histogram',
      'supplier_agent_turn_duration_seconds_bucket{le="0.5"} 1',
      'supplier_agent_turn_duration_seconds_bucket{le="5"} 13',
      'supplier_agent_turn_duration_seconds_bucket{le="+Inf"} 13',
      'supplier_agent_turn_duration_seconds_sum 21.5',
      'supplier_agent_turn_duration_seconds_count 13',
      'supplier_agent_event_streams_open 1',
      'supplier_agent_event_streams_abandoned_total 2',
      'supplier_agent_unauthenticated_total 3',
      'process_resident_memory_bytes 100',
      'nodejs_heap_size_used_bytes 40',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes only well-formed sample lines', () => {
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(
        /^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{[a-z]+="(?:[^"\\]|\\.)*"(,[a-z]+="(?:[^"\\]|\\.)*")*\})? \S+)$/,
      );
    }
  });

  it('escapes label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});
