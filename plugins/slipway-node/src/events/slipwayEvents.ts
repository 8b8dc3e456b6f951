import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  DefaultEventsService,
  eventsServiceRef,
  type EventsService,
} from '@backstage/plugin-events-node';

/** The plugin id of `@backstage/plugin-events-backend`. */
const EVENTS_BACKEND_PLUGIN_ID = 'events';

/**
 * The events service that Slipway's plugin and its catalog module publish and subscribe through.
 *
 * With the events backend (`@backstage/plugin-events-backend`) in this backend it is Backstage's
 * events service, which also carries events between backend instances. Without it (a stock
 * create-app portal), Backstage's events service would still try the events backend over HTTP
 * and warn ("Event publish request failed with status 404") from every plugin that uses it; this
 * finds that out once at start, says so once at info level, and delivers Slipway's events within
 * this process only, which is all one backend instance needs.
 *
 * @public
 */
export const slipwayEventsServiceRef = createServiceRef<EventsService>({
  id: 'slipway.events',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        events: eventsServiceRef,
        pluginMetadata: coreServices.pluginMetadata,
        instanceMetadata: coreServices.rootInstanceMetadata,
        rootLogger: coreServices.rootLogger,
      },
      async createRootContext({ instanceMetadata, rootLogger }) {
        const plugins = await instanceMetadata.getInstalledPlugins();
        if (plugins.some(p => p.pluginId === EVENTS_BACKEND_PLUGIN_ID)) {
          return { inProcess: undefined };
        }
        const logger = rootLogger.child({ plugin: 'slipway' });
        logger.info(
          'This backend has no events backend (@backstage/plugin-events-backend): Slipway delivers its app and ' +
            'pipeline changes to its catalog module within this process. Add the events backend when the catalog ' +
            'runs in another backend instance; without one, `events.useEventBus: never` stops every plugin ' +
            "from looking for it (Backstage's events service warns once per plugin otherwise).",
        );
        // One bus for every plugin of this process; 'never': no events backend to try.
        return {
          inProcess: DefaultEventsService.create({
            logger,
            useEventBus: 'never',
          }),
        };
      },
      async factory({ events, pluginMetadata }, { inProcess }) {
        return inProcess ? inProcess.forPlugin(pluginMetadata.getId()) : events;
      },
    }),
});
