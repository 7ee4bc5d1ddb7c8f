import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the prepared loop goes, inside the application root (mounted read-only into cells). */
export const agentBundleDir = '.build';
const bundleName = 'agent-loop.mjs';
const stampName = 'agent-loop.stamp';

export interface AgentEntry {
  /** The loop's entry relative to the application root (`/app/<this>` in a cell). */
  relativePath: string;
  /** True when it is the bundle; false for the tsx fallback. */
  bundled: boolean;
}

/**
 * Makes the agent loop fast to start in a cell: the loop and everything it imports (the `csp`
 * tool, the manifest, zod) bundled into one ES module, rebuilt only when a source file changed.
 * Starting it costs a Node start and one parse, instead of tsx compiling every file in a fresh
 * cell (whose /tmp, hence tsx's cache, is always empty). Without esbuild, or when bundling fails,
 * the loop runs through tsx: slower, same behaviour.
 */
export async function prepareAgentEntry(
  appRoot: string,
  log: { warn(line: string): void } = { warn: () => {} },
): Promise<AgentEntry> {
  const fallback = { relativePath: 'src/cell/agent/start-agent.js', bundled: false };
  const outDir = path.join(appRoot, agentBundleDir);
  const stamp = sourceStamp(path.join(appRoot, 'src'), path.join(appRoot, 'package-lock.json'));
  const relativePath = `${agentBundleDir}/${bundleName}`;
  try {
    if (readText(path.join(outDir, stampName)) === stamp && fs.existsSync(path.join(outDir, bundleName))) {
      return { relativePath, bundled: true };
    }
    const { build } = await import('esbuild');
    fs.mkdirSync(outDir, { recursive: true });
    // Build beside the target and rename: a concurrent reader sees the old bundle or the new one.
    const temporary = path.join(outDir, `${bundleName}.${process.pid}.${crypto.randomUUID()}.tmp`);
    await build({
      entryPoints: [path.join(appRoot, 'src/cell/agent/agent-entry.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: temporary,
      logLevel: 'silent',
      // CommonJS dependencies inside an ES module bundle need a `require`.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
    fs.renameSync(temporary, path.join(outDir, bundleName));
    fs.writeFileSync(path.join(outDir, stampName), stamp);
    return { relativePath, bundled: true };
  } catch (error) {
    log.warn(
      `agent loop not bundled (${(error as Error).message}); cells run it through tsx, which starts slower`,
    );
    return fallback;
  }
}

/** A fingerprint of the sources and the locked dependencies: each file's path, size and modification time. */
function sourceStamp(sourceRoot: string, lockFile: string): string {
  const hash = crypto.createHash('sha256');
  hash.update(readText(lockFile) ?? '');
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stat = fs.statSync(full);
        hash.update(`${path.relative(sourceRoot, full)}\u0000${stat.size}\u0000${stat.mtimeMs}\n`);
      }
    }
  };
  walk(sourceRoot);
  return hash.digest('hex');
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
