import { Progress } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';
import { errorMessage } from './errorMessage';
import { AppDeletedError } from './useLiveLoad';
import { AppDeletedNotice } from './AppDeletedNotice';

/** Shows a progress bar while loading, the API's message on failure, else the content. */
export function LoadState<T>(props: {
  loading: boolean;
  error?: unknown;
  value?: T;
  children: (value: T) => ReactNode;
}) {
  if (props.error instanceof AppDeletedError) {
    return <AppDeletedNotice />;
  }
  if (props.error) {
    return <Alert severity="error">{errorMessage(props.error)}</Alert>;
  }
  if (props.loading && props.value === undefined) {
    return <Progress />;
  }
  if (props.value === undefined) {
    return null;
  }
  return <>{props.children(props.value)}</>;
}
