import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ConfigView } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import { errorMessage, useAction, useUnsavedChangesGuard } from '../shared';
import type { ConfigChanges } from './configChanges';

/** A save refused because someone changed the config after the user started editing. */
export type ConfigConflict = { message: string };

/**
 * The user's staged config edits and their save. The edits remember the config version they
 * were based on and send it as `baseVersion`, so a change made elsewhere meanwhile is refused
 * (409) instead of overwritten; the edits stay staged to be re-applied on the current config.
 */
export function useConfigEdits(
  app: string,
  view: ConfigView,
  reload: () => void,
) {
  const api = useApi(slipwayApiRef);
  const [changes, setChanges] = useState<ConfigChanges>({});
  const [base, setBase] = useState<
    { version?: number; config: string } | undefined
  >();
  const baseOf = (v: ConfigView) => ({ version: v.version, config: shown(v) });
  const [conflict, setConflict] = useState<ConfigConflict | undefined>();

  const clear = () => {
    setChanges({});
    setBase(undefined);
    setConflict(undefined);
  };

  const save = useAction(
    async (patch: ConfigChanges) => {
      try {
        return await api.patchConfig(app, {
          ...(base?.version !== undefined ? { baseVersion: base.version } : {}),
          values: patch,
        });
      } catch (error) {
        if (ResponseError.is(error) && error.response.status === 409) {
          const current = await api.getConfig(app).catch(() => undefined);
          if (current && current.version !== base?.version) {
            setConflict({ message: errorMessage(error) });
            reload();
          }
        }
        throw error;
      }
    },
    release => `Saved: created release v${release.version}`,
    () => {
      clear();
      reload();
    },
  );

  const stage = (key: string, value: string | null) => {
    save.reset();
    if (base === undefined) setBase(baseOf(view));
    setChanges(c => ({ ...c, [key]: value }));
  };
  const undo = (key: string) =>
    setChanges(c => {
      const { [key]: _, ...rest } = c;
      if (Object.keys(rest).length === 0) setBase(undefined);
      return rest;
    });
  /** Takes the config as it is now as the base of the staged edits (after a conflict). */
  const rebase = async () => {
    save.reset();
    // The config as the server has it now, not as this page last showed it.
    const current = await api.getConfig(app).catch(() => view);
    setConflict(undefined);
    setBase(baseOf(current));
    reload();
  };

  const count = Object.keys(changes).length;
  useUnsavedChangesGuard(
    count > 0,
    `You have ${count} unsaved config change${
      count === 1 ? '' : 's'
    }. Leave and discard ${count === 1 ? 'it' : 'them'}?`,
  );

  return {
    changes,
    count,
    stage,
    undo,
    discard: clear,
    rebase,
    conflict,
    save,
    /** Whether the config shown changed since the edits were staged (a save would be refused). */
    stale: base !== undefined && base.config !== shown(view),
  };
}

/** What the user sees of a config, to tell whether it changed under their edits. */
function shown(view: ConfigView): string {
  const { values, keys, limits, tags, healthchecks } = view;
  return JSON.stringify({ values, keys, limits, tags, healthchecks });
}
