import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * A button for an action the user may not be allowed to do: when not allowed it is
 * disabled, and hovering it (or reading its description) tells why.
 */
export function GuardedButton(
  props: ButtonProps & { allowed: boolean; reason: string },
) {
  const { allowed, reason, disabled, ...rest } = props;
  if (allowed) {
    return <Button disabled={disabled} {...rest} />;
  }
  return (
    <Tooltip title={reason}>
      <span>
        <Button {...rest} disabled title={reason} />
      </span>
    </Tooltip>
  );
}
