import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  PIPELINE_STAGES,
  slipwayAppUpdatePermission,
  type Pipeline,
  type PipelineApp,
  type PipelineStage,
  type SlipwayApi,
} from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  GuardedButton,
  LoadState,
  useAction,
  useLoad,
} from '../shared';
import { commitsAhead } from './commitsAhead';
import { PendingApprovals } from './PendingApprovals';
import { PromoteDialog } from './PromoteDialog';
import { StageColumn } from './StageColumn';

/** The stage after `stage` that has apps (Heroku's default promotion target). */
function nextStage(pipeline: Pipeline, stage: PipelineStage) {
  return PIPELINE_STAGES.slice(PIPELINE_STAGES.indexOf(stage) + 1).find(
    s => pipeline.stages[s].length > 0,
  );
}

/** `/slipway/pipelines/:name`: stages left to right, what each app runs, promotions and approvals. */
export function PipelinePage() {
  const { name = '' } = useParams();
  const api = useApi(slipwayApiRef);
  const pipeline = useLoad(() => api.getPipeline(name), [api, name]);
  return (
    <Page themeId="tool">
      <Header
        title={`Pipeline ${name}`}
        subtitle="Promote the exact build from stage to stage"
      />
      <Content>
        <LoadState {...pipeline}>
          {p => (
            <PipelineView pipeline={p} api={api} reload={pipeline.reload} />
          )}
        </LoadState>
      </Content>
    </Page>
  );
}

function PipelineView(props: {
  pipeline: Pipeline;
  api: SlipwayApi;
  reload(): void;
}) {
  const { pipeline, api, reload } = props;
  const stages = PIPELINE_STAGES.filter(s => pipeline.stages[s].length > 0);
  return (
    <>
      <Box display="flex" style={{ gap: 16 }} alignItems="stretch">
        {PIPELINE_STAGES.map(stage => {
          const next = nextStage(pipeline, stage);
          const source = pipeline.stages[stage][0];
          return (
            <StageColumn
              key={stage}
              stage={stage}
              apps={pipeline.stages[stage]}
              action={
                next && source ? (
                  <PromoteButton
                    api={api}
                    source={source}
                    targets={pipeline.stages[next]}
                    onDone={reload}
                  />
                ) : undefined
              }
            />
          );
        })}
      </Box>
      {stages.slice(1).map((stage, i) => (
        <Ahead
          key={stage}
          upstream={pipeline.stages[stages[i]][0]}
          upstreamStage={stages[i]}
          downstream={pipeline.stages[stage][0]}
          downstreamStage={stage}
        />
      ))}
      <PendingApprovals
        pending={pipeline.pending ?? []}
        api={api}
        onDecided={reload}
      />
    </>
  );
}

/** "staging is 3 commits ahead of production", from the upstream app's builds. */
function Ahead(props: {
  upstream: PipelineApp;
  upstreamStage: PipelineStage;
  downstream: PipelineApp;
  downstreamStage: PipelineStage;
}) {
  const slipway = useApi(slipwayApiRef);
  const builds = useLoad(
    async () =>
      (await slipway.listBuilds(props.upstream.name, { limit: 500 })).items,
    [slipway, props.upstream.name, props.upstream.release?.version],
  );
  const count = builds.value
    ? commitsAhead(builds.value, props.downstream.release?.build?.sha)
    : undefined;
  let text: string;
  if (count === undefined) {
    text = props.downstream.release?.build
      ? `${props.downstreamStage} runs a build that ${props.upstreamStage} never built`
      : `${props.downstreamStage} has no build yet`;
  } else if (count === 0) {
    text = `${props.downstreamStage} is up to date with ${props.upstreamStage}`;
  } else {
    text = `${props.upstreamStage} is ${count} commit${
      count === 1 ? '' : 's'
    } ahead of ${props.downstreamStage}`;
  }
  return (
    <Typography variant="body2" style={{ marginTop: 12 }} role="note">
      {builds.loading && !builds.value ? '…' : text}
    </Typography>
  );
}

function PromoteButton(props: {
  api: SlipwayApi;
  source: PipelineApp;
  targets: PipelineApp[];
  onDone(): void;
}) {
  const { api, source, targets } = props;
  const [open, setOpen] = useState(false);
  // Promoting needs slipway.app.update on every target; the button asks about the first.
  const update = usePermission({
    permission: slipwayAppUpdatePermission,
    resourceRef: targets[0].name,
  });
  const promote = useAction(
    () =>
      api.promote(
        source.name,
        targets.map(t => t.name),
      ),
    r =>
      r.promotions
        .map(p =>
          p.version ? `${p.app} v${p.version}` : `${p.app} waits for approval`,
        )
        .join(', '),
    props.onDone,
  );
  const reason = !source.release?.build
    ? `${source.name} has no build to promote`
    : `Only the owners of ${targets
        .map(t => t.name)
        .join(', ')} can promote to them`;
  return (
    <>
      <GuardedButton
        allowed={update.allowed && !!source.release?.build}
        reason={reason}
        variant="contained"
        color="primary"
        disabled={promote.pending}
        onClick={() => setOpen(true)}
      >
        Promote to {targets.map(t => t.name).join(', ')}
      </GuardedButton>
      <PromoteDialog
        open={open}
        source={source}
        targets={targets}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          promote.run();
        }}
      />
      <ActionStatus state={promote.state} label="Promoting" />
    </>
  );
}
