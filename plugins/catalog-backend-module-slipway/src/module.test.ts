import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogModuleSlipway } from './module';

describe('catalogModuleSlipway', () => {
  it('registers the slipway provider with the schedule from config', async () => {
    const providers: EntityProvider[] = [];
    const schedules: SchedulerServiceTaskScheduleDefinition[] = [];
    const scheduler = mockServices.scheduler.mock({
      createScheduledTaskRunner: schedule => {
        schedules.push(schedule);
        return { run: jest.fn() };
      },
    });
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addEntityProvider: (...p: any[]) => providers.push(...p.flat()) },
        ],
      ],
      features: [
        catalogModuleSlipway,
        scheduler.factory,
        catalogServiceMock.factory(),
        mockServices.events.factory(),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                slipway: {
                  schedule: {
                    frequency: { seconds: 30 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    expect(providers.map(p => p.getProviderName())).toEqual(['slipway']);
    expect(schedules).toEqual([
      { frequency: { seconds: 30 }, timeout: { minutes: 1 } },
    ]);
  });
});
