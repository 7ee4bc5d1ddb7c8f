import type { Clock } from '../clock/clock.ts';
import { buildCheckpoint, sameHeads } from './checkpoint.ts';
import type { CheckpointSigner } from './checkpoint-signer.ts';
import type { AuditCheckpoint } from './checkpoint-types.ts';
import type { AuditStore } from './event-types.ts';

export interface CheckpointerOptions {
  store: AuditStore;
  clock: Clock;
  signer?: CheckpointSigner;
  /** Take one every this many milliseconds while running (`start`); default 60,000. */
  intervalMs?: number;
  log?: { warn(line: string): void };
}

export interface Checkpointer {
  /** Seals the current heads now; undefined when nothing changed since the last checkpoint. */
  checkpoint(): Promise<AuditCheckpoint | undefined>;
  /** Takes checkpoints periodically until `stop`. */
  start(): void;
  /** Stops the timer and takes a last checkpoint, so a clean shutdown leaves everything sealed. */
  stop(): Promise<void>;
}

/**
 * Periodic checkpoints: each seals every session head of the store under one Merkle root, chained
 * to the previous checkpoint and signed when a key is configured. A checkpoint is skipped when no
 * head moved, so an idle platform does not grow the chain.
 */
export function createCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { store, clock, signer } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<AuditCheckpoint | undefined> | undefined;

  async function take(): Promise<AuditCheckpoint | undefined> {
    const previous = (await store.checkpoints()).at(-1);
    const next = buildCheckpoint(await store.heads(), previous, clock.now().toISOString());
    if (sameHeads(next.leaves, previous)) return undefined;
    const sealed = signer ? { ...next, signature: signer.sign(next.hash) } : next;
    await store.appendCheckpoint(sealed);
    return sealed;
  }

  /** One at a time: the chain needs each checkpoint to see the one before. */
  function checkpoint(): Promise<AuditCheckpoint | undefined> {
    const next = (running ?? Promise.resolve(undefined)).catch(() => undefined).then(take);
    running = next;
    return next;
  }

  return {
    checkpoint,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        checkpoint().catch((error: unknown) => {
          options.log?.warn(
            `audit checkpoint failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      }, options.intervalMs ?? 60_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await checkpoint();
    },
  };
}
