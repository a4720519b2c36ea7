import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { ensureVerifiedBundle } from '@nx-handoff/core/ensure';
import { ensureClient, type EnsureCore } from './executor';
import type { EnsureExecutorSchema } from './schema';

/** One task's result as Nx's batch runner takes it (BatchExecutorTaskResult, not exported by @nx/devkit). */
export interface EnsureTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime: number; endTime: number };
}

/**
 * The `ensure` executor for many `handoff` tasks in one process (executors.json
 * `batchImplementation`, `preferBatch`): `nx run-many -t handoff` over a monorepo of clients
 * starts one Node.js process with the pipeline loaded, not one per client (a warm run-many paid
 * ~0.5 s of process and module start per client for what is mostly a stat; docs/benchmarks.md).
 * Clients are ensured one after the other, in task-id order: a rebuild reads and writes a whole
 * zip, and two at once on the same disk are no faster. Each result is handed to Nx as it is known,
 * with the client's lines as its terminal output.
 */
export default async function* ensureBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, EnsureExecutorSchema>,
  _overrides: EnsureExecutorSchema,
  context: ExecutorContext,
  core: EnsureCore = { ensureVerifiedBundle },
): AsyncGenerator<EnsureTaskResult> {
  for (const id of Object.keys(taskGraph.tasks).sort()) {
    const task = taskGraph.tasks[id];
    const startTime = Date.now();
    const lines: string[] = [];
    const log = { info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m) };
    const outcome = await ensureClient(
      inputs[id] ?? {},
      { ...context, projectName: task.target.project, targetName: task.target.target },
      core,
      log,
    );
    lines.push(...outcome.out, ...outcome.err);
    yield {
      task: id,
      result: {
        success: outcome.success,
        terminalOutput: lines.length > 0 ? `${lines.join('\n')}\n` : '',
        startTime,
        endTime: Date.now(),
      },
    };
  }
}
