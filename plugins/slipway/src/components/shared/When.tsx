import Tooltip from '@material-ui/core/Tooltip';
import { absoluteTime, relativeTime } from './format';

/** A timestamp shown relative ("3 minutes ago"), the exact time on hover. */
export function When(props: { time: string }) {
  return (
    <Tooltip title={absoluteTime(props.time)}>
      <time dateTime={props.time}>{relativeTime(props.time)}</time>
    </Tooltip>
  );
}
