/** Benchmarks by name: `npm run bench -- NAME [options]`. Each prints its own figures. */
const benchmarks: Record<string, (args: string[]) => Promise<void>> = {
  'csp-api': async (args) => (await import('./csp-api.bench.ts')).runCspApiBench(args),
  policy: async (args) => (await import('./policy.bench.ts')).runPolicyBench(args),
  loop: async (args) => (await import('./loop.bench.ts')).runLoopBench(args),
  sessions: async (args) => (await import('./sessions.bench.ts')).runSessionsBench(args),
  audit: async (args) => (await import('./audit.bench.ts')).runAuditBench(args),
  cells: async (args) => {
    await (await import('./cells.bench.ts')).runCellsBench(args);
    const { measureBrokerPath } = await import('./broker-overhead.ts');
    const ms = (value: number) => value.toFixed(2).padStart(6);
    const runs = [
      { label: 'path seen before (policy answer cached)', result: await measureBrokerPath(1000) },
      {
        label: 'every call evaluated by Cedar (cache off)',
        result: await measureBrokerPath(1000, { answerCacheSize: 0 }),
      },
    ];
    for (const { label, result } of runs) {
      process.stdout.write(
        `\nbroker path, ${result.iterations} sequential GETs (policy + credential + durable audit), ${label}:\n` +
          `  direct to CSP API   p50 ${ms(result.direct.p50)} ms   p99 ${ms(result.direct.p99)} ms\n` +
          `  through the broker  p50 ${ms(result.broker.p50)} ms   p99 ${ms(result.broker.p99)} ms\n` +
          `  broker overhead     p50 ${ms(result.overhead.p50)} ms   p99 ${ms(result.overhead.p99)} ms   (targets <= 1 and <= 5)\n`,
      );
    }
  },
};

export async function runBench(args: string[]): Promise<void> {
  const [name, ...rest] = args;
  const bench = name === undefined ? undefined : benchmarks[name];
  if (!bench) {
    const available = Object.keys(benchmarks).join(', ');
    process.stderr.write(
      `${name === undefined ? 'Name a benchmark' : `Unknown benchmark "${name}"`}. Available: ${available}\n`,
    );
    process.exitCode = 2;
    return;
  }
  try {
    await bench(rest);
  } catch (error) {
    process.stderr.write(`bench ${name}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
