/** Benchmarks by name: `npm run bench -- NAME [options]`. Each prints its own figures. */
const benchmarks: Record<string, (args: string[]) => Promise<void>> = {
  'csp-api': async (args) => (await import('./csp-api.bench.ts')).runCspApiBench(args),
  cells: async (args) => void (await (await import('./cells.bench.ts')).runCellsBench(args)),
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
