import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import {
  slipwayAppUpdatePermission,
  type Promotion,
  type SlipwayApi,
} from '@slipway/plugin-slipway-common';
import useAsync from 'react-use/esm/useAsync';
import {
  ActionStatus,
  GuardedButton,
  absoluteTime,
  useAction,
} from '../shared';

/** Promotions waiting for approval; nobody approves (or rejects) their own. */
export function PendingApprovals(props: {
  pending: Promotion[];
  api: SlipwayApi;
  onDecided(): void;
}) {
  if (props.pending.length === 0) return null;
  return (
    <Box mt={3} component="section" aria-label="Pending approvals">
      <Typography variant="h6">Waiting for approval</Typography>
      {props.pending.map(p => (
        <PendingPromotion key={p.id} promotion={p} {...props} />
      ))}
    </Box>
  );
}

function PendingPromotion(props: {
  promotion: Promotion;
  api: SlipwayApi;
  onDecided(): void;
}) {
  const { promotion: p, api } = props;
  const identityApi = useApi(identityApiRef);
  const me = useAsync(() => identityApi.getBackstageIdentity(), [identityApi]);
  const update = usePermission({
    permission: slipwayAppUpdatePermission,
    resourceRef: p.target,
  });
  const approve = useAction(
    () => api.approvePromotion(p.id),
    r => `Approved: ${r.app} v${r.version}`,
    props.onDecided,
  );
  const reject = useAction(
    () => api.rejectPromotion(p.id),
    () => 'Rejected',
    props.onDecided,
  );
  const mine = me.value?.userEntityRef === p.requestedBy;
  const allowed = !mine && update.allowed;
  const reason = mine
    ? 'You requested this promotion; another user must approve or reject it'
    : `Only the owners of ${p.target} can approve or reject it`;
  const what = p.sha?.slice(0, 7) ?? p.image;
  return (
    <Paper
      variant="outlined"
      style={{ padding: 12, marginTop: 8 }}
      role="group"
      aria-label={`Promotion to ${p.target}`}
    >
      <Typography>
        {p.requestedBy} wants to promote {what} from {p.source} v
        {p.sourceVersion} to {p.target}
        {p.expiresAt ? ` (expires ${absoluteTime(p.expiresAt)})` : ''}
      </Typography>
      <Box mt={1} display="flex" style={{ gap: 8 }}>
        <GuardedButton
          allowed={allowed}
          reason={reason}
          variant="contained"
          color="primary"
          disabled={approve.pending || reject.pending}
          onClick={() => approve.run()}
        >
          Approve
        </GuardedButton>
        <GuardedButton
          allowed={allowed}
          reason={reason}
          variant="outlined"
          disabled={approve.pending || reject.pending}
          onClick={() => reject.run()}
        >
          Reject
        </GuardedButton>
      </Box>
      <ActionStatus state={approve.state} />
      <ActionStatus state={reject.state} />
    </Paper>
  );
}
