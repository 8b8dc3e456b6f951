import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { LogDrain } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../../api';
import { ActionStatus, ConfirmDialog, useAction } from '../../shared';

/** Removes a drain after asking: its log system gets no more lines. */
export function RemoveDrainButton(props: {
  app: string;
  drain: LogDrain;
  onRemoved(): void;
}) {
  const { app, drain, onRemoved } = props;
  const api = useApi(slipwayApiRef);
  const [asking, setAsking] = useState(false);
  const remove = useAction(
    () => api.removeDrain(app, drain.id),
    () => `Removed drain ${drain.url}`,
    onRemoved,
  );
  return (
    <>
      <Button
        size="small"
        color="secondary"
        aria-label={`Remove drain ${drain.url}`}
        disabled={remove.pending}
        onClick={() => setAsking(true)}
        // One line at 1024 px.
        style={{ whiteSpace: 'nowrap' }}
      >
        Remove
      </Button>
      {remove.error && (
        <ActionStatus state={remove.state} label="Removing drain" />
      )}
      <ConfirmDialog
        open={asking}
        title="Remove log drain?"
        confirmLabel="Remove drain"
        danger
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void remove.run();
        }}
      >
        <Typography>
          {drain.url} will receive no more lines of {app}.
        </Typography>
      </ConfirmDialog>
    </>
  );
}
