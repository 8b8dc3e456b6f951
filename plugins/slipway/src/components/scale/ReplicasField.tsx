import type { Autoscale } from '@slipway/plugin-slipway-common';
import { Field } from '../shared';

/** Why a type cannot be scaled by hand: the API refuses it (409) while an autoscaler owns its replicas. */
export function autoscaledReason(
  app: string,
  type: string,
  bounds: Autoscale[string],
): string {
  return `Scaled by its HorizontalPodAutoscaler ${app}-${type} (${bounds.min} to ${bounds.max} replicas at ${bounds.cpuPercent}% CPU); stop autoscaling ${type} to scale it by hand`;
}

/** The replicas of one process type, typed by the user; disabled with the reason while autoscaled. */
export function ReplicasField(props: {
  app: string;
  type: string;
  value: string;
  onChange(value: string): void;
  problem?: string;
  autoscaled?: Autoscale[string];
  allowed: boolean;
}) {
  const { app, type, autoscaled } = props;
  return (
    <Field
      type="number"
      size="small"
      inputProps={{ min: 0, 'aria-label': `Replicas of ${type}` }}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      error={Boolean(props.problem)}
      helperText={
        autoscaled ? autoscaledReason(app, type, autoscaled) : props.problem
      }
      disabled={!props.allowed || Boolean(autoscaled)}
      style={{ width: autoscaled ? 220 : 120 }}
    />
  );
}
