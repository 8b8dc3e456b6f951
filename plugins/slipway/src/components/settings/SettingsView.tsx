import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import type {
  AppSettings,
  SettingsPatch,
} from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  GuardedButton,
  LoadState,
  PermissionNotice,
  useAction,
  useAppPermissions,
  useLoad,
  type AppPermissions,
  Field,
} from '../shared';
import { AllowlistEditor } from './AllowlistEditor';
import { DeleteApp } from './DeleteApp';
import { LogDrains } from './drains/LogDrains';
import { ProcessConfigEditors } from './ProcessConfigEditors';
import { RequireApprovalSwitch } from './RequireApprovalSwitch';
import { RunAsRootSwitch } from './RunAsRootSwitch';
import { TimeoutsEditor } from './TimeoutsEditor';
import { TransferOwnership } from './TransferOwnership';
import {
  describeSettingsPatch,
  EditableSettings,
  settingsPatch,
} from './settingsPatch';

/**
 * Router settings (maintenance, HTTPS only, HSTS, allowlist), timeouts, approvals, limits,
 * healthchecks and tags, ownership and deleting the app. Each part has its own action message.
 */
export function SettingsView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const permissions = useAppPermissions(app);
  const state = useLoad(() => api.getSettings(app), [api, app]);
  // Owned here, not by the form: the form is remounted with the saved settings, the result stays.
  const save = useAction(
    (patch: SettingsPatch) => api.patchSettings(app, patch),
    (_, patch) => `Saved ${describeSettingsPatch(patch)}`,
    state.reload,
  );
  return (
    <Box>
      <PermissionNotice
        allowed={permissions.canUpdate}
        loading={permissions.loading}
        reason={permissions.reason('change its settings')}
      />
      <LoadState {...state}>
        {settings => (
          <>
            <SettingsForm
              key={JSON.stringify(settings)}
              saved={settings}
              permissions={permissions}
              save={save}
            />
            <ActionStatus state={save.state} label="Saving settings" />
            <TimeoutsEditor
              app={app}
              saved={settings}
              permissions={permissions}
              onSaved={state.reload}
            />
            <RequireApprovalSwitch
              app={app}
              enabled={settings.requireApproval}
              permissions={permissions}
              onChange={state.reload}
            />
            <RunAsRootSwitch
              app={app}
              runAsNonRoot={settings.runAsNonRoot}
              permissions={permissions}
              onChange={state.reload}
            />
          </>
        )}
      </LoadState>
      <ProcessConfigEditors app={app} permissions={permissions} />
      <LogDrains app={app} permissions={permissions} />
      <TransferOwnership app={app} permissions={permissions} />
      <DeleteApp app={app} permissions={permissions} />
    </Box>
  );
}

function SettingsForm(props: {
  saved: AppSettings;
  permissions: AppPermissions;
  save: { pending: boolean; run(patch: SettingsPatch): Promise<boolean> };
}) {
  const { saved, permissions, save } = props;
  const [edited, setEdited] = useState<EditableSettings>({
    maintenance: saved.maintenance,
    httpsOnly: saved.httpsOnly,
    hsts: saved.hsts,
    allowlist: saved.allowlist,
  });
  const [maxAge, setMaxAge] = useState(String(saved.hsts.maxAge));
  const maxAgeNumber = Number(maxAge);
  const maxAgeProblem =
    maxAge.trim() === '' || !Number.isInteger(maxAgeNumber) || maxAgeNumber < 0
      ? 'Max age must be a whole number of seconds'
      : undefined;
  const patch = settingsPatch(saved, {
    ...edited,
    hsts: {
      ...edited.hsts,
      maxAge: maxAgeProblem ? saved.hsts.maxAge : maxAgeNumber,
    },
  });
  const changed = Object.keys(patch).length > 0;
  const allowed = permissions.canUpdate;
  const reason = permissions.reason('change its settings');
  const toggle = (
    label: string,
    checked: boolean,
    onChange: (v: boolean) => void,
    help: string,
  ) => (
    <Box mb={1}>
      <FormControlLabel
        control={
          <Switch
            checked={checked}
            disabled={!allowed}
            onChange={e => onChange(e.target.checked)}
          />
        }
        label={label}
      />
      <Typography variant="body2" color="textSecondary">
        {help}
      </Typography>
    </Box>
  );

  return (
    <Box>
      <Typography variant="h6" component="h2">
        Router settings
      </Typography>
      {toggle(
        'Maintenance mode',
        edited.maintenance,
        v => setEdited(e => ({ ...e, maintenance: v })),
        'Visitors get a maintenance page (503) instead of the app.',
      )}
      {toggle(
        'HTTPS only',
        edited.httpsOnly,
        v => setEdited(e => ({ ...e, httpsOnly: v })),
        'Plain HTTP requests are redirected to HTTPS.',
      )}
      {toggle(
        'HSTS',
        edited.hsts.enabled,
        v => setEdited(e => ({ ...e, hsts: { ...e.hsts, enabled: v } })),
        'Browsers remember to use HTTPS only (Strict-Transport-Security).',
      )}
      {edited.hsts.enabled && (
        <Box ml={4} mb={2}>
          <Field
            label="HSTS max age (seconds)"
            value={maxAge}
            onChange={e => setMaxAge(e.target.value)}
            error={Boolean(maxAgeProblem)}
            helperText={maxAgeProblem}
            size="small"
            disabled={!allowed}
          />
          <FormControlLabel
            control={
              <Switch
                checked={edited.hsts.includeSubdomains}
                disabled={!allowed}
                onChange={e =>
                  setEdited(s => ({
                    ...s,
                    hsts: { ...s.hsts, includeSubdomains: e.target.checked },
                  }))
                }
              />
            }
            label="Include subdomains"
          />
          <FormControlLabel
            control={
              <Switch
                checked={edited.hsts.preload}
                disabled={!allowed}
                onChange={e =>
                  setEdited(s => ({
                    ...s,
                    hsts: { ...s.hsts, preload: e.target.checked },
                  }))
                }
              />
            }
            label="Preload"
          />
        </Box>
      )}
      <AllowlistEditor
        value={edited.allowlist}
        onChange={allowlist => setEdited(e => ({ ...e, allowlist }))}
        allowed={allowed}
        reason={reason}
      />
      <Box display="flex" mt={2} style={{ gap: 8 }}>
        <GuardedButton
          variant="contained"
          color="primary"
          allowed={allowed}
          reason={reason}
          disabled={!changed || Boolean(maxAgeProblem) || save.pending}
          onClick={() => save.run(patch)}
        >
          Save settings
        </GuardedButton>
        <Button
          disabled={!changed || save.pending}
          onClick={() => {
            setEdited({
              maintenance: saved.maintenance,
              httpsOnly: saved.httpsOnly,
              hsts: saved.hsts,
              allowlist: saved.allowlist,
            });
            setMaxAge(String(saved.hsts.maxAge));
          }}
        >
          Discard changes
        </Button>
      </Box>
    </Box>
  );
}
