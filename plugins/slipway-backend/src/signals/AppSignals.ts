import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { APPS_CHANNEL, appChannel, pipelineChannel } from './channels';

/**
 * Tells open portal pages that an app changed, so they refetch through the API.
 *
 * A signal is broadcast and carries no app data: only the app's name, which its channel already
 * names. What changed is read through the API, where permissions apply.
 */
export class AppSignals {
  constructor(
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
  ) {}

  /** Signals the app's channel and the apps list; never throws (a lost signal is healed by polling). */
  async appChanged(app: string): Promise<void> {
    await Promise.all([
      this.publish(appChannel(app), { app }),
      this.publish(APPS_CHANNEL, {}),
    ]);
  }

  /** Signals the pipeline's channel (a promotion was requested or decided, an app coupled); never throws. */
  async pipelineChanged(pipeline: string): Promise<void> {
    await this.publish(pipelineChannel(pipeline), { pipeline });
  }

  private async publish(
    channel: string,
    message: { app?: string; pipeline?: string },
  ) {
    try {
      await this.signals.publish({
        recipients: { type: 'broadcast' },
        channel,
        message,
      });
    } catch (error) {
      this.logger.warn(`Could not signal ${channel}: ${error}`);
    }
  }
}
