import type { SessionStats } from '../sessions/session-manager-types.ts';

/** What the gateway itself counts (streams), next to the session manager's figures. */
export interface GatewayCounters {
  /** Event streams open now. */
  streamsOpen: number;
  /** Streams whose client went away before `turn-end`. */
  streamsAbandoned: number;
  /** Requests refused for a missing or bad token. */
  unauthenticated: number;
}

export function createGatewayCounters(): GatewayCounters {
  return { streamsOpen: 0, streamsAbandoned: 0, unauthenticated: 0 };
}

/** Process memory, as `process.memoryUsage()` reports it. */
export type MemoryFigures = Pick<NodeJS.MemoryUsage, 'rss' | 'heapTotal' | 'heapUsed' | 'external'>;

type Sample = { labels?: Record<string, string>; value: number };

/** The Prometheus text exposition (version 0.0.4) of the platform's figures. */
export function renderMetrics(stats: SessionStats, gateway: GatewayCounters, memory: MemoryFigures): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: Sample[]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const sample of samples)
      lines.push(`${name}${labelText(sample.labels)} ${formatNumber(sample.value)}`);
  };
  const perTenant = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([tenant, value]) => ({ labels: { tenant }, value }));

  metric('supplier_agent_turns_running', 'gauge', 'Turns running now, all tenants.', [
    { value: stats.running },
  ]);
  metric('supplier_agent_turns_queued', 'gauge', 'Turns waiting for a slot, all tenants.', [
    { value: stats.queued },
  ]);
  metric(
    'supplier_agent_tenant_sessions_running',
    'gauge',
    'Sessions running a turn now, per tenant.',
    perTenant(stats.runningByTenant),
  );
  metric(
    'supplier_agent_tenant_sessions_queued',
    'gauge',
    'Sessions with a turn waiting for a slot, per tenant.',
    perTenant(stats.queuedByTenant),
  );
  metric(
    'supplier_agent_tenant_suspended',
    'gauge',
    'Tenants suspended by an operator (1 each).',
    [...stats.suspendedTenants].sort().map((tenant) => ({ labels: { tenant }, value: 1 })),
  );
  metric(
    'supplier_agent_turns_total',
    'counter',
    'Turns ended, by status.',
    Object.entries(stats.turns).map(([status, value]) => ({ labels: { status }, value })),
  );
  metric(
    'supplier_agent_turns_refused_total',
    'counter',
    'Turns refused: busy (429), suspended tenant, conflict (409).',
    Object.entries(stats.refused).map(([reason, value]) => ({ labels: { reason }, value })),
  );
  metric('supplier_agent_tool_calls_total', 'counter', 'Tool calls reported by turns.', [
    { value: stats.toolCalls },
  ]);
  metric('supplier_agent_egress_denied_total', 'counter', 'API requests denied by the egress policy.', [
    { value: stats.egressDenied },
  ]);
  metric('supplier_agent_interrupts_total', 'counter', 'Turns interrupted (client, operator, shutdown).', [
    { value: stats.interrupts },
  ]);
  histogram(lines, 'supplier_agent_turn_duration_seconds', 'Duration of ended turns.', stats.turnSeconds);
  metric('supplier_agent_event_streams_open', 'gauge', 'Event streams (SSE) open now.', [
    { value: gateway.streamsOpen },
  ]);
  metric(
    'supplier_agent_event_streams_abandoned_total',
    'counter',
    'Event streams whose client left before turn-end (the turn went on).',
    [{ value: gateway.streamsAbandoned }],
  );
  metric('supplier_agent_unauthenticated_total', 'counter', 'Requests refused for a missing or bad token.', [
    { value: gateway.unauthenticated },
  ]);
  metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the process.', [
    { value: memory.rss },
  ]);
  metric('nodejs_heap_size_total_bytes', 'gauge', 'V8 heap size.', [{ value: memory.heapTotal }]);
  metric('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap in use.', [{ value: memory.heapUsed }]);
  metric('nodejs_external_memory_bytes', 'gauge', 'Memory of C++ objects bound to JavaScript.', [
    { value: memory.external },
  ]);
  return `${lines.join('\n')}\n`;
}

function histogram(lines: string[], name: string, help: string, figures: SessionStats['turnSeconds']): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const bucket of figures.buckets) {
    lines.push(`${name}_bucket{le="${formatNumber(bucket.le)}"} ${bucket.count}`);
  }
  lines.push(`${name}_bucket{le="+Inf"} ${figures.count}`);
  lines.push(`${name}_sum ${formatNumber(figures.sum)}`);
  lines.push(`${name}_count ${figures.count}`);
}

function labelText(labels: Record<string, string> | undefined): string {
  if (!labels) return '';
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
  return `{${pairs.join(',')}}`;
}

/** Label values escape backslash, double quote and newline. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
