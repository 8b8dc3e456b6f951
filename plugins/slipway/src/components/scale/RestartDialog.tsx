import Typography from '@material-ui/core/Typography';
import { ConfirmDialog } from '../shared';

/** What a restart asks for: every process, or those of one type. */
export type RestartTarget = { type?: string };

/** Asks before restarting: processes are replaced, and what they were doing is lost. */
export function RestartDialog(props: {
  app: string;
  target?: RestartTarget;
  onConfirm(target: RestartTarget): void;
  onCancel(): void;
}) {
  const { app, target, onConfirm, onCancel } = props;
  const which = target?.type ? `the ${target.type} processes` : 'all processes';
  return (
    <ConfirmDialog
      open={target !== undefined}
      title={`Restart ${which} of ${app}?`}
      confirmLabel="Restart"
      onConfirm={() => target && onConfirm(target)}
      onCancel={onCancel}
    >
      <Typography variant="body2">
        Each of {which} is stopped and started again with the same release; what
        a process holds in memory and requests it is still serving are lost.
      </Typography>
    </ConfirmDialog>
  );
}
