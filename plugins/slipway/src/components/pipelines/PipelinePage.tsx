import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import {
  PIPELINE_STAGES,
  type Pipeline,
  type PipelineStage,
  type SlipwayApi,
} from '@slipway/plugin-slipway-common';
import { useParams } from 'react-router-dom';
import { slipwayApiRef } from '../../api';
import { LoadState, pipelineChannel, useLiveLoad } from '../shared';
import { AheadNote } from './AheadNote';
import { AppChangeListener } from './AppChangeListener';
import { PendingApprovals } from './PendingApprovals';
import { PromoteButton } from './PromoteButton';
import { PromotionHistory } from './PromotionHistory';
import { StageColumn } from './StageColumn';

/** The stage after `stage` that has apps (Heroku's default promotion target). */
function nextStage(pipeline: Pipeline, stage: PipelineStage) {
  return PIPELINE_STAGES.slice(PIPELINE_STAGES.indexOf(stage) + 1).find(
    s => pipeline.stages[s].length > 0,
  );
}

const appsOf = (p: Pipeline) => PIPELINE_STAGES.flatMap(s => p.stages[s]);

/**
 * `/slipway/pipelines/:name`: stages left to right, what each app runs, promotions, approvals and
 * their history. Live: the pipeline's signals (promotions requested or decided) and each app's
 * (a release rolled out) refetch it, polling while a release is pending.
 */
export function PipelinePage() {
  const { name = '' } = useParams();
  const api = useApi(slipwayApiRef);
  const pipeline = useLiveLoad(() => api.getPipeline(name), [api, name], {
    channel: pipelineChannel(name),
    settling: p => appsOf(p).some(a => a.status === 'pending'),
  });
  const { reload } = pipeline;
  return (
    <Page themeId="tool">
      <Header
        title={`Pipeline ${name}`}
        subtitle="Promote the exact build from stage to stage"
      />
      <Content>
        <LoadState {...pipeline}>
          {p => (
            <>
              {appsOf(p).map(a => (
                <AppChangeListener
                  key={a.name}
                  app={a.name}
                  onChange={reload}
                />
              ))}
              <PipelineView pipeline={p} api={api} reload={reload} />
            </>
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
      {/* Four columns where they fit, else two rows: no stage is ever cut off. */}
      <Box
        display="grid"
        style={{
          gap: 16,
          gridTemplateColumns: 'repeat(auto-fit, minmax(190px, 1fr))',
        }}
      >
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
                    pending={pipeline.pending ?? []}
                    onDone={reload}
                  />
                ) : undefined
              }
            />
          );
        })}
      </Box>
      {stages.slice(1).map((stage, i) => (
        <AheadNote
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
      <PromotionHistory history={pipeline.history ?? []} />
    </>
  );
}
