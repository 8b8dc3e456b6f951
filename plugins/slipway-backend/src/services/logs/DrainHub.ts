import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseDrainUrl } from '../../domain/drainUrl';
import { secretMask, type Mask } from '../../domain/secretMask';
import { readableText } from '../../domain/readableText';
import type { DrainRecord, Ledger, NewLogLine } from '../../ledger';
import type { DrainAddressPolicy } from './drainAddresses';
import { DrainSender } from './DrainSender';

const MASK_TTL_MS = 5_000;

/**
 * The running drains of every app: each retained line is also queued for the app's drains,
 * masked (config values as `***`) like every output of the platform.
 */
export class DrainHub {
  private readonly senders = new Map<
    string,
    { app: string; sender: DrainSender }
  >();
  private readonly masks = new Map<
    string,
    { mask: Mask; at: number; values: Record<string, string>[] }
  >();
  /** Reads in flight, shared: a second drain added meanwhile waits for the same read. */
  private readonly loadingMasks = new Map<string, Promise<void>>();

  constructor(
    private readonly options: {
      ledger: Pick<Ledger, 'drains' | 'releases'>;
      logger: LoggerService;
      policy: DrainAddressPolicy;
      buffer: number;
      ca?: string;
    },
  ) {}

  /** Starts the stored drains (backend start). */
  async start(): Promise<void> {
    for (const drain of await this.options.ledger.drains.list()) {
      await this.add(drain).catch(error =>
        this.options.logger.warn(`Log drain ${drain.id} not started: ${error}`),
      );
    }
  }

  /** Starts a drain once its app's mask is known: no line leaves unmasked. */
  async add(drain: DrainRecord): Promise<void> {
    if (!this.masks.has(drain.app)) await this.loadMask(drain.app);
    if (!this.masks.has(drain.app))
      throw new Error(
        `the config of ${drain.app} could not be read to mask its lines`,
      );
    const target = parseDrainUrl(drain.url);
    if (typeof target === 'string') {
      this.options.logger.warn(
        `Log drain ${drain.id} of ${drain.app} not started: ${target}`,
      );
      return;
    }
    this.senders.set(drain.id, {
      app: drain.app,
      sender: new DrainSender({
        url: drain.url,
        target,
        policy: this.options.policy,
        buffer: this.options.buffer,
        ca: this.options.ca,
      }),
    });
  }

  remove(id: string): void {
    this.senders.get(id)?.sender.close();
    this.senders.delete(id);
  }

  removeApp(app: string): void {
    for (const [id, entry] of this.senders)
      if (entry.app === app) this.remove(id);
    this.masks.delete(app);
  }

  /** The sender of a drain (its counters), if it runs. */
  sender(id: string): DrainSender | undefined {
    return this.senders.get(id)?.sender;
  }

  deliver(line: NewLogLine): void {
    let mask: Mask | undefined;
    for (const { app, sender } of this.senders.values()) {
      if (app !== line.app) continue;
      mask ??= this.maskOf(app);
      sender.push({ ...line, line: mask(line.line) });
    }
  }

  /**
   * A new release's values, told before its processes start (its services call this), so that the
   * lines they print are masked at once; the background reread covers other replicas' releases.
   */
  learn(app: string, values: Record<string, string>): void {
    const cached = this.masks.get(app);
    if (cached) this.setMask(app, [values, ...cached.values], cached.at);
  }

  /** Config values change with releases: the mask is reread now and then, in the background. */
  private maskOf(app: string): Mask {
    const cached = this.masks.get(app);
    if (!cached || Date.now() - cached.at > MASK_TTL_MS)
      void this.loadMask(app);
    // A drain starts only after its app's mask was read (add), so there always is one.
    return cached?.mask ?? readableText;
  }

  private loadMask(app: string): Promise<void> {
    const loading = this.loadingMasks.get(app);
    if (loading) return loading;
    const load = this.readMask(app).finally(() =>
      this.loadingMasks.delete(app),
    );
    this.loadingMasks.set(app, load);
    return load;
  }

  private async readMask(app: string): Promise<void> {
    try {
      // Values set within MASK_TTL_MS of a line may be missed: rereading per line would cost a query each.
      const newest = await this.options.ledger.releases.newestOf([app], 10);
      const values = (newest.get(app) ?? []).map(r => r.config.values);
      // Values learnt meanwhile stay until the next reread includes them.
      const learnt = this.masks.get(app)?.values ?? [];
      this.setMask(app, [...learnt.slice(0, 10), ...values], Date.now());
    } catch (error) {
      this.options.logger.warn(`Could not read the mask of ${app}: ${error}`);
    }
  }

  private setMask(app: string, values: Record<string, string>[], at: number) {
    const mask = secretMask(values);
    this.masks.set(app, {
      mask: text => readableText(mask(text)),
      at,
      values,
    });
  }

  close(): void {
    for (const id of [...this.senders.keys()]) this.remove(id);
  }
}
