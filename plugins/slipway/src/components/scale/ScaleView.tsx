import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  replicasProblem,
  type ProcessLimits,
  type ProcessStructure,
} from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import { summarizeProcesses } from '../overview/processSummary';
import { RunCommand } from './RunCommand';
import {
  ActionStatus,
  GuardedButton,
  LoadState,
  PermissionNotice,
  StatusChip,
  useAction,
  useAppPermissions,
  appChannel,
  useLiveLoad,
  When,
  processTypesOf,
} from '../shared';
import { AutoscaleEditor } from './AutoscaleEditor';
import { ReplicasField } from './ReplicasField';
import { RestartDialog, type RestartTarget } from './RestartDialog';

/** Replicas per process type (with limits and what is running), autoscaling, restarts, one-off commands. */
export function ScaleView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const permissions = useAppPermissions(app);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [restarting, setRestarting] = useState<RestartTarget>();
  const state = useLiveLoad(
    async () => {
      const [details, config, processes, settings] = await Promise.all([
        api.getApp(app),
        api.getConfig(app),
        api.listProcesses(app),
        api.getSettings(app),
      ]);
      return {
        details,
        limits: config.limits,
        processes,
        autoscale: settings.autoscale,
      };
    },
    [api, app],
    {
      channel: appChannel(app),
      settling: ({ processes }) =>
        processes.some(p => p.state === 'starting' || p.state === 'stopping'),
    },
  );
  const scale = useAction(
    (structure: ProcessStructure) => api.scale(app, structure),
    (_, structure) =>
      `Scaled ${Object.entries(structure)
        .map(([type, n]) => `${type} to ${n}`)
        .join(', ')}`,
    () => {
      setDraft({});
      state.reload();
    },
  );
  const restart = useAction(
    (type?: string) => api.restart(app, type ? { type } : undefined),
    (_, type) =>
      type ? `Restarting ${type} processes` : 'Restarting all processes',
    () => state.reload(),
  );
  const reason = permissions.reason('scale or restart it');

  return (
    <Box>
      <PermissionNotice
        allowed={permissions.canUpdate}
        loading={permissions.loading}
        reason={reason}
      />
      <LoadState {...state}>
        {({ details, limits, processes, autoscale }) => {
          const procfile = details.release?.build?.procfile ?? {};
          const types = processTypesOf(details);
          const summaries = new Map(
            summarizeProcesses(details.structure, processes).map(s => [
              s.type,
              s.state,
            ]),
          );
          const changed: ProcessStructure = {};
          const problems: Record<string, string | undefined> = {};
          for (const [type, text] of Object.entries(draft)) {
            const replicas = text.trim() === '' ? NaN : Number(text);
            problems[type] = replicasProblem(type, replicas);
            if (
              !problems[type] &&
              replicas !== (details.structure[type] ?? 0)
            ) {
              changed[type] = replicas;
            }
          }
          const invalid = Object.values(problems).some(Boolean);
          return (
            <>
              <Typography variant="h6" component="h2">
                Process types
              </Typography>
              {types.length === 0 && (
                <Typography variant="body2">
                  Nothing to scale yet: deploy a build with a Procfile first.
                </Typography>
              )}
              <Table size="small" aria-label="Process types">
                <TableHead>
                  <TableRow>
                    <TableCell>Process type</TableCell>
                    <TableCell>Command</TableCell>
                    <TableCell>Replicas</TableCell>
                    <TableCell>Limits</TableCell>
                    <TableCell>Running</TableCell>
                    <TableCell>Actions</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {types.map(type => (
                    <TableRow key={type}>
                      <TableCell>{type}</TableCell>
                      <TableCell>
                        <code>{procfile[type] ?? ''}</code>
                      </TableCell>
                      <TableCell>
                        <ReplicasField
                          app={app}
                          type={type}
                          value={
                            draft[type] ?? String(details.structure[type] ?? 0)
                          }
                          onChange={value => {
                            scale.reset();
                            setDraft(d => ({ ...d, [type]: value }));
                          }}
                          problem={problems[type]}
                          autoscaled={autoscale[type]}
                          allowed={permissions.canUpdate}
                        />
                      </TableCell>
                      <TableCell>{describeLimits(limits[type])}</TableCell>
                      <TableCell>
                        {summaries.get(type) ?? 'none running'}
                      </TableCell>
                      <TableCell>
                        <GuardedButton
                          size="small"
                          allowed={permissions.canUpdate}
                          reason={reason}
                          disabled={restart.pending}
                          onClick={() => setRestarting({ type })}
                        >
                          Restart {type}
                        </GuardedButton>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Box display="flex" mt={2} style={{ gap: 8 }}>
                <GuardedButton
                  variant="contained"
                  color="primary"
                  allowed={permissions.canUpdate}
                  reason={reason}
                  disabled={
                    invalid ||
                    Object.keys(changed).length === 0 ||
                    scale.pending
                  }
                  onClick={() => scale.run(changed)}
                >
                  Scale
                </GuardedButton>
                <GuardedButton
                  variant="outlined"
                  allowed={permissions.canUpdate}
                  reason={reason}
                  disabled={restart.pending || types.length === 0}
                  onClick={() => setRestarting({})}
                >
                  Restart all
                </GuardedButton>
              </Box>
              <ActionStatus state={scale.state} label="Scaling" />
              <ActionStatus state={restart.state} label="Restarting" />
              <RestartDialog
                app={app}
                target={restarting}
                onConfirm={target => {
                  setRestarting(undefined);
                  restart.run(target.type);
                }}
                onCancel={() => setRestarting(undefined)}
              />
              <AutoscaleEditor
                app={app}
                types={types}
                autoscale={autoscale}
                permissions={permissions}
                onSaved={state.reload}
              />
              <Box mt={3}>
                <Typography variant="h6" component="h2">
                  Processes
                </Typography>
                <Table size="small" aria-label="Processes">
                  <TableHead>
                    <TableRow>
                      <TableCell>Name</TableCell>
                      <TableCell>State</TableCell>
                      <TableCell>Release</TableCell>
                      <TableCell>Restarts</TableCell>
                      <TableCell>Started</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {processes.map(p => (
                      <TableRow key={p.name}>
                        <TableCell>{p.name}</TableCell>
                        <TableCell>
                          <StatusChip status={p.state} /> {p.message ?? ''}
                        </TableCell>
                        <TableCell>v{p.release}</TableCell>
                        <TableCell>{p.restarts}</TableCell>
                        <TableCell>
                          {p.startedAt ? <When time={p.startedAt} /> : ''}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {processes.length === 0 && (
                  <Typography variant="body2">
                    No processes are running.
                  </Typography>
                )}
              </Box>
              <RunCommand app={app} permissions={permissions} />
            </>
          );
        }}
      </LoadState>
    </Box>
  );
}

function describeLimits(limits: ProcessLimits | undefined): string {
  const parts = [
    limits?.memory ? `memory ${limits.memory}` : '',
    limits?.cpu ? `cpu ${limits.cpu}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'no limits';
}
