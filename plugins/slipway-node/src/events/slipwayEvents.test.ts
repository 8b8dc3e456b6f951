import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { EventParams } from '@backstage/plugin-events-node';
import { slipwayEventsServiceRef } from './slipwayEvents';

/** A plugin that publishes one event at start, and one that records what it receives. */
function publisherAndSubscriber(received: EventParams[]) {
  const subscriber = createBackendPlugin({
    pluginId: 'catalog',
    register(reg) {
      reg.registerInit({
        deps: { events: slipwayEventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test',
            topics: ['slipway.apps'],
            onEvent: async event => {
              received.push(event);
            },
          });
        },
      });
    },
  });
  const publisher = createBackendPlugin({
    pluginId: 'slipway',
    register(reg) {
      reg.registerInit({
        deps: {
          events: slipwayEventsServiceRef,
          lifecycle: coreServices.lifecycle,
        },
        async init({ events, lifecycle }) {
          lifecycle.addStartupHook(() =>
            events.publish({
              topic: 'slipway.apps',
              eventPayload: { action: 'created', app: 'shop' },
            }),
          );
        },
      });
    },
  });
  return [subscriber, publisher];
}

describe('slipwayEventsServiceRef', () => {
  it('without an events backend, delivers within the process, never calls the events service and says so once', async () => {
    const events = mockServices.events.mock();
    const rootLogger = mockServices.rootLogger.mock();
    const childLogger = mockServices.logger.mock();
    rootLogger.child.mockReturnValue(childLogger);
    const received: EventParams[] = [];
    const backend = await startTestBackend({
      features: [
        events.factory,
        rootLogger.factory,
        ...publisherAndSubscriber(received),
      ],
    });
    await backend.stop();

    expect(received).toEqual([
      {
        topic: 'slipway.apps',
        eventPayload: { action: 'created', app: 'shop' },
      },
    ]);
    // The events service is what tries the events backend over HTTP and warns on its 404.
    expect(events.publish).not.toHaveBeenCalled();
    expect(events.subscribe).not.toHaveBeenCalled();
    const said = childLogger.info.mock.calls.filter(([m]) =>
      String(m).includes('no events backend'),
    );
    expect(said).toHaveLength(1);
  });

  it("with the events backend in this backend, is Backstage's events service", async () => {
    const events = mockServices.events.mock();
    const eventsBackend = createBackendPlugin({
      pluginId: 'events',
      register(reg) {
        reg.registerInit({ deps: {}, async init() {} });
      },
    });
    const backend = await startTestBackend({
      features: [eventsBackend, events.factory, ...publisherAndSubscriber([])],
    });
    await backend.stop();

    expect(events.subscribe).toHaveBeenCalledWith(
      expect.objectContaining({ topics: ['slipway.apps'] }),
    );
    expect(events.publish).toHaveBeenCalledWith({
      topic: 'slipway.apps',
      eventPayload: { action: 'created', app: 'shop' },
    });
  });
});
