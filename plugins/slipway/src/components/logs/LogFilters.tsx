import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import { FormEvent, useEffect, useState } from 'react';
import { Field } from '../shared';
import { LogSearch, showsRetained } from './useLogSearchState';

/** `datetime-local` shows local time without a zone; the URL keeps ISO (UTC). */
const toLocalInput = (iso: string) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000)
    .toISOString()
    .slice(0, 19);
};
const fromLocalInput = (value: string) =>
  value && !Number.isNaN(Date.parse(value))
    ? new Date(value).toISOString()
    : '';

/**
 * The Logs tab's filters: process type and source, text (searched on the server when submitted),
 * a time to jump to, and the way back to following live.
 */
export function LogFilters(props: {
  search: LogSearch;
  processTypes: string[];
  onChange(change: Partial<LogSearch>): void;
}) {
  const { search, processTypes, onChange } = props;
  const [text, setText] = useState(search.q);
  const [at, setAt] = useState(toLocalInput(search.at));
  useEffect(() => setText(search.q), [search.q]);
  useEffect(() => setAt(toLocalInput(search.at)), [search.at]);
  const retained = showsRetained(search);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ q: text.trim(), at: fromLocalInput(at), view: 'retained' });
  };

  return (
    <Box
      component="form"
      role="search"
      aria-label="Search the logs"
      onSubmit={submit}
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      style={{ gap: 12 }}
      mb={1}
    >
      <Field
        select
        label="Process type"
        value={search.process}
        onChange={e => onChange({ process: e.target.value })}
        variant="outlined"
        size="small"
        style={{ minWidth: 150 }}
      >
        <MenuItem value="">All process types</MenuItem>
        {processTypes.map(t => (
          <MenuItem key={t} value={t}>
            {t}
          </MenuItem>
        ))}
        {/* One-off commands log as run.1, run.2…: a type of their own, never in the structure. */}
        {!processTypes.includes('run') && (
          <MenuItem value="run">run (one-off commands)</MenuItem>
        )}
      </Field>
      <Field
        select
        label="Source"
        value={search.source}
        onChange={e =>
          onChange({
            source: e.target.value as LogSearch['source'],
            view: 'retained',
          })
        }
        variant="outlined"
        size="small"
        style={{ minWidth: 130 }}
      >
        <MenuItem value="">All sources</MenuItem>
        <MenuItem value="app">App</MenuItem>
        <MenuItem value="router">Router</MenuItem>
        <MenuItem value="platform">Platform</MenuItem>
      </Field>
      <Field
        label="Search text"
        value={text}
        onChange={e => setText(e.target.value)}
        inputProps={{ maxLength: 200 }}
        variant="outlined"
        size="small"
      />
      <Field
        label="From time"
        type="datetime-local"
        value={at}
        onChange={e => setAt(e.target.value)}
        inputProps={{ step: 1 }}
        InputLabelProps={{ shrink: true }}
        variant="outlined"
        size="small"
      />
      <Button type="submit" variant="contained" color="primary">
        Search
      </Button>
      {retained && (
        <Button
          variant="outlined"
          onClick={() => onChange({ q: '', source: '', at: '', view: 'live' })}
        >
          Follow live
        </Button>
      )}
    </Box>
  );
}
