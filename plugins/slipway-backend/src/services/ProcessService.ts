import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  processTypeProblem,
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type LogLine,
  type Process,
  type ProcessStructure,
  type RunResult,
} from '@slipway/plugin-slipway-common';
import { actorOf, loadApp, type ServiceContext } from './context';
import { maskLines, outputMask } from './masking';
import { retainedTail, startingWith } from './logs/retainedTail';
import { actorName } from '../domain/names';
import type { RequestBody } from './requests';
import { withDefaults } from '../domain/defaults';
import { sortKeys } from '../domain/views';

const MAX_LOG_LINES = 10000;

/** Processes: list, scale, restart, one-off commands and logs (the runtime does the work). */
export class ProcessService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<Process[]> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppReadPermission,
    );
    return this.ctx.runtime.processes(name, app.cluster);
  }

  /** Sets replicas of process types of the current build. An event, not a release. */
  async scale(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'Scale'>,
  ): Promise<ProcessStructure> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppUpdatePermission,
    );
    for (const type of Object.keys(input)) {
      const problem = processTypeProblem(type);
      if (problem) throw new InputError(problem);
      const { autoscale } = withDefaults(app.settings);
      const autoscaled = Object.hasOwn(autoscale, type)
        ? autoscale[type]
        : undefined;
      if (autoscaled) {
        throw new ConflictError(
          `Process type "${type}" of app "${name}" is scaled by its HorizontalPodAutoscaler ${name}-${type} ` +
            `(${autoscaled.min} to ${autoscaled.max} replicas at ${autoscaled.cpuPercent}% CPU); change settings.autoscale instead`,
        );
      }
      if (!Object.hasOwn(app.structure, type)) {
        const known = Object.keys(app.structure);
        throw new InputError(
          known.length === 0
            ? `App "${name}" has nothing to scale yet: deploy a build first`
            : `App "${name}" has no process type "${type}"; its Procfile has ${known.join(
                ', ',
              )}`,
        );
      }
    }
    const structure = sortKeys({ ...app.structure, ...input });
    const changed = Object.keys(input).filter(
      type => app.structure[type] !== structure[type],
    );
    if (changed.length === 0) return structure;
    const actor = actorOf(credentials);
    const now = this.ctx.now().toISOString();
    await this.ctx.ledger.transaction(async tx => {
      await tx.apps.update(name, { structure, updatedAt: now });
      await tx.events.append({
        app: name,
        type: 'scale',
        message: `${actorName(actor)} scaled ${changed
          .map(t => `${t}=${structure[t]}`)
          .join(', ')}`,
        actor,
        createdAt: now,
        details: { from: app.structure, to: structure },
      });
    });
    this.ctx.reconciler.schedule(name);
    return structure;
  }

  async restart(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'Restart'> = {},
  ): Promise<void> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppUpdatePermission,
    );
    if (input.type !== undefined && !Object.hasOwn(app.structure, input.type)) {
      throw new InputError(`App "${name}" has no process type "${input.type}"`);
    }
    const target = {
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
    };
    await this.ctx.runtime.restart(name, app.cluster, target);
    const actor = actorOf(credentials);
    await this.ctx.ledger.events.append({
      app: name,
      type: 'restart',
      message: `${actorName(actor)} restarted ${
        target.name ??
        (target.type ? `all ${target.type} processes` : 'all processes')
      }`,
      actor,
      createdAt: this.ctx.now().toISOString(),
      details: target,
    });
  }

  /**
   * Runs a one-off command with the current release (exit code and output). `onLine` gets each
   * line as it is printed, masked like the result (line by line), to stream it to the caller.
   */
  async run(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'Run'>,
    onLine?: (line: string) => void,
  ): Promise<RunResult> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const { command } = input;
    if (command.trim() === '') throw new InputError('command is blank');
    const desired = await this.ctx.reconciler.desiredState(name);
    if (!desired?.release) {
      throw new ConflictError(
        `App "${name}" has no build to run a command with: deploy first`,
      );
    }
    const actor = actorOf(credentials);
    await this.ctx.ledger.events.append({
      app: name,
      type: 'run',
      message: `${actorName(actor)} ran a command on v${
        desired.release.version
      }`,
      actor,
      createdAt: this.ctx.now().toISOString(),
      // The command is kept out of the message: it may hold secrets; it is in the auditor's log.
      details: { version: desired.release.version },
    });
    const mask = await outputMask(this.ctx, credentials, name);
    const result = await this.ctx.runtime.run(
      desired,
      command,
      onLine && { onLine: line => onLine(mask(line)) },
    );
    return { ...result, output: mask(result.output) };
  }

  async logs(
    credentials: BackstageCredentials,
    name: string,
    options: {
      lines?: unknown;
      type?: unknown;
      follow?: unknown;
      previous?: unknown;
      signal?: AbortSignal;
    },
  ): Promise<AsyncIterable<LogLine>> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppReadPermission,
    );
    let lines: number | undefined;
    if (options.lines !== undefined) {
      lines = Number(options.lines);
      if (
        !/^\d+$/.test(String(options.lines)) ||
        lines < 1 ||
        lines > MAX_LOG_LINES
      ) {
        throw new InputError(
          `lines must be a whole number from 1 to ${MAX_LOG_LINES}`,
        );
      }
    }
    let type: string | undefined;
    if (options.type !== undefined && options.type !== '') {
      if (
        typeof options.type !== 'string' ||
        processTypeProblem(options.type)
      ) {
        throw new InputError('type must be a process type like web');
      }
      type = options.type;
    }
    const follow =
      options.follow === true ||
      options.follow === 'true' ||
      options.follow === '1';
    const previous =
      options.previous === true ||
      options.previous === 'true' ||
      options.previous === '1';
    if (previous && follow) {
      throw new InputError(
        'previous=true reads the logs of finished runs; it cannot follow',
      );
    }
    const mask = await outputMask(this.ctx, credentials, name);
    const live = await this.ctx.runtime.logs(name, app.cluster, {
      lines,
      type,
      follow,
      ...(previous ? { previous } : {}),
      signal: options.signal,
    });
    // Where the runtime's tail forgets what outlived its processes, the retained tail comes first.
    const logs =
      this.ctx.runtime.tailFromRetained && !previous
        ? startingWith(
            await retainedTail(this.ctx.ledger, name, lines ?? 100, type),
            live,
          )
        : live;
    return maskLines(logs, mask);
  }
}
