export { ActionStatus } from './ActionStatus';
export { ConfirmDialog } from './ConfirmDialog';
export { errorMessage } from './errorMessage';
export { absoluteTime, daysUntil, relativeTime } from './format';
export { GuardedButton } from './GuardedButton';
export { PermissionNotice } from './PermissionNotice';
export { StatusChip } from './StatusChip';
export { useAction, type ActionState } from './useAction';
export { useAppPermissions, type AppPermissions } from './useAppPermissions';
export { useLoad } from './useLoad';
export { When } from './When';
export { LoadState } from './LoadState';
export { useDomId } from './useDomId';
export { Field } from './Field';
export {
  useLiveLoad,
  AppDeletedError,
  SETTLING_POLL_MS,
  STEADY_POLL_MS,
} from './useLiveLoad';
export { useUnsavedChangesGuard } from './useUnsavedChangesGuard';
export { appChannel, APPS_CHANNEL, pipelineChannel } from './channels';
export { itemsOf } from './itemsOf';
export {
  useAppCluster,
  LOCAL_CLUSTER,
  LOCAL_IMAGE_REASON,
  LOCAL_AUTOSCALE_REASON,
  ROOT_NOT_ALLOWED_REASON,
} from './useAppCluster';
export { processTypesOf } from './processTypes';
export { ActionScope, useActionScope } from './ActionScope';
export { Table } from './Table';
export { useCursorPages } from './useCursorPages';
export { typedNumber } from './typedNumber';
export { WrapAtSeparators } from './WrapAtSeparators';
export { useAppDeleted } from './useAppDeleted';
export { AppDeletedNotice } from './AppDeletedNotice';
export { HealthChip, healthLabel } from './HealthChip';
export { EntityRefText } from './EntityRefText';
