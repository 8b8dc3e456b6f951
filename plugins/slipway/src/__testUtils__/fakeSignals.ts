import type { SignalApi } from '@backstage/plugin-signals-react';
import type { JsonObject } from '@backstage/types';
import { act } from '@testing-library/react';

/** A signal API whose signals the test sends, as the signals backend would on a change. */
export class FakeSignals implements SignalApi {
  private readonly listeners = new Map<string, Set<(m: JsonObject) => void>>();

  subscribe<T extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: T) => void,
  ) {
    const set = this.listeners.get(channel) ?? new Set();
    const listener = onMessage as (m: JsonObject) => void;
    set.add(listener);
    this.listeners.set(channel, set);
    return { unsubscribe: () => set.delete(listener) };
  }

  /** Channels someone listens to now. */
  get channels(): string[] {
    return [...this.listeners.entries()]
      .filter(([, set]) => set.size > 0)
      .map(([channel]) => channel);
  }

  publish(channel: string, message: JsonObject = {}) {
    act(() => {
      for (const listener of this.listeners.get(channel) ?? []) {
        listener({ ...message });
      }
    });
  }
}
