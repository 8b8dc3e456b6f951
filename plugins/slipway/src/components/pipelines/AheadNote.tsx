import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  PipelineApp,
  PipelineStage,
} from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from '../../api';
import { useLoad } from '../shared';
import { commitsAhead } from './commitsAhead';

/** "staging is 3 commits ahead of production", from the upstream app's builds. */
export function AheadNote(props: {
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
  // Nothing until the builds are known: no placeholder text that then changes.
  if (!builds.value) return null;
  const count = commitsAhead(
    builds.value,
    props.downstream.release?.build?.sha,
  );
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
      {text}
    </Typography>
  );
}
