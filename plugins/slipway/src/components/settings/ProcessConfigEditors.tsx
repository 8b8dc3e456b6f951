import { LoadState, type AppPermissions } from '../shared';
import { HealthchecksEditor } from './HealthchecksEditor';
import { LimitsEditor } from './LimitsEditor';
import { TagsEditor } from './TagsEditor';
import { useProcessConfig } from './useProcessConfig';

/** What the processes run with: limits, healthchecks and tags (config: each change is a release). */
export function ProcessConfigEditors(props: {
  app: string;
  permissions: AppPermissions;
}) {
  const { app, permissions } = props;
  const state = useProcessConfig(app);
  return (
    <LoadState {...state}>
      {({ types, config }) => (
        <>
          <LimitsEditor
            app={app}
            types={types}
            limits={config.limits}
            permissions={permissions}
            onSaved={state.reload}
          />
          <HealthchecksEditor
            app={app}
            types={types}
            healthchecks={config.healthchecks}
            permissions={permissions}
            onSaved={state.reload}
          />
          <TagsEditor
            app={app}
            tags={config.tags}
            permissions={permissions}
            onSaved={state.reload}
          />
        </>
      )}
    </LoadState>
  );
}
