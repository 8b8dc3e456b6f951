import { usePermission } from '@backstage/plugin-permission-react';
import {
  slipwayAppUpdatePermission,
  type PipelineApp,
  type Promotion,
  type SlipwayApi,
} from '@slipway/plugin-slipway-common';
import { useEffect, useState } from 'react';
import { ActionStatus, GuardedButton, useAction } from '../shared';
import { PromoteDialog } from './PromoteDialog';

/**
 * Why promoting `source` to `targets` makes no sense now, if so: no build, or every target already
 * runs the same image (slug or digest; a promotion copies the build, so ids differ).
 */
export function promoteProblem(
  source: PipelineApp,
  targets: PipelineApp[],
): string | undefined {
  const build = source.release?.build;
  if (!build) return `${source.name} has no build to promote`;
  if (targets.every(t => t.release?.build?.image === build.image)) {
    const names = targets.map(t => t.name).join(', ');
    return `${names} already ${
      targets.length === 1 ? 'runs' : 'run'
    } this build (${
      build.sha?.slice(0, 7) ?? build.image
    }): nothing to promote`;
  }
  return undefined;
}

/** "Promote to shop-prod": confirms with the config difference, then promotes the exact build. */
export function PromoteButton(props: {
  api: SlipwayApi;
  source: PipelineApp;
  targets: PipelineApp[];
  /** The pipeline's pending promotions: "waits for approval" goes once they are decided. */
  pending: Promotion[];
  onDone(): void;
}) {
  const { api, source, targets, pending } = props;
  const [open, setOpen] = useState(false);
  const waiting = useWaitingFor(pending);
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
    r => {
      waiting.track(r.promotions.filter(p => !p.version).map(p => p.id));
      props.onDone();
    },
  );
  const problem = promoteProblem(source, targets);
  const reason =
    problem ??
    `Only the owners of ${targets
      .map(t => t.name)
      .join(', ')} can promote to them`;
  return (
    <>
      <GuardedButton
        allowed={update.allowed && !problem}
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
      {!waiting.decided && (
        <ActionStatus state={promote.state} label="Promoting" />
      )}
    </>
  );
}

/**
 * Whether the promotions a click left waiting have all been decided (approved, rejected,
 * withdrawn, expired) since the page saw them pending: then "waits for approval" is stale.
 */
function useWaitingFor(pending: Promotion[]) {
  const [ids, setIds] = useState<string[]>([]);
  const [seen, setSeen] = useState(false);
  const open = ids.filter(id => pending.some(p => p.id === id));
  useEffect(() => {
    if (open.length > 0) setSeen(true);
  }, [open.length]);
  return {
    track(next: string[]) {
      setIds(next);
      setSeen(false);
    },
    decided: ids.length > 0 && seen && open.length === 0,
  };
}
