import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
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
import { useMarkNotificationsRead } from './useMarkNotificationsRead';

/**
 * Promotions waiting for approval; nobody approves (or rejects) their own, and the requester may
 * withdraw theirs, so a request nobody else can approve never has to wait for its expiry.
 */
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
  const markRead = useMarkNotificationsRead();
  const update = usePermission({
    permission: slipwayAppUpdatePermission,
    resourceRef: p.target,
  });
  const decided = () => {
    void markRead(p.id);
    props.onDecided();
  };
  const approve = useAction(
    () => api.approvePromotion(p.id),
    r => `Approved: ${r.app} v${r.version}`,
    decided,
  );
  const reject = useAction(
    () => api.rejectPromotion(p.id),
    () => 'Rejected',
    decided,
  );
  const withdraw = useAction(
    () => api.withdrawPromotion(p.id),
    () => 'Withdrawn',
    decided,
  );
  const mine = me.value?.userEntityRef === p.requestedBy;
  const allowed = !mine && update.allowed;
  const reason = mine
    ? 'You requested this promotion; another user must approve or reject it'
    : `Only the owners of ${p.target} can approve or reject it`;
  const busy = approve.pending || reject.pending || withdraw.pending;
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
      <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <GuardedButton
          allowed={allowed}
          reason={reason}
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={() => approve.run()}
        >
          Approve
        </GuardedButton>
        <GuardedButton
          allowed={allowed}
          reason={reason}
          variant="outlined"
          disabled={busy}
          onClick={() => reject.run()}
        >
          Reject
        </GuardedButton>
        {mine && (
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() => withdraw.run()}
          >
            Withdraw
          </Button>
        )}
      </Box>
      <ActionStatus state={approve.state} />
      <ActionStatus state={reject.state} />
      <ActionStatus state={withdraw.state} label="Withdrawing" />
    </Paper>
  );
}
