import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      slipway?: {
        /**
         * How often the Slipway entity provider makes a full sync of apps into the catalog
         * (changes arrive within seconds through events in between). Default: every 5 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
