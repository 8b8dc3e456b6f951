import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import { ChangeEvent, useRef } from 'react';
import { useDomId } from '../shared';
import { formatBytes } from '@slipway/plugin-slipway-common';

/** Visible lines of the editor; longer values scroll inside it. */
const ROWS = 6;

/**
 * A config value editor of fixed height: a plain textarea that never measures its content,
 * so pasting a value of hundreds of kilobytes (a PEM bundle, a JSON document) is instant,
 * and "Load from file" for values one would rather not paste.
 */
export function ValueEditor(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
}) {
  const { label, value, onChange, disabled } = props;
  const id = useDomId('slipway-value');
  const file = useRef<HTMLInputElement>(null);
  const load = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (chosen) onChange(await readText(chosen));
  };
  return (
    <Box>
      <InputLabel htmlFor={id} shrink disabled={disabled}>
        {label}
      </InputLabel>
      <textarea
        id={id}
        value={value}
        onChange={e => onChange(e.target.value)}
        rows={ROWS}
        disabled={disabled}
        spellCheck={false}
        style={{
          width: '100%',
          boxSizing: 'border-box',
          resize: 'vertical',
          fontFamily: 'monospace',
          fontSize: 13,
          overflow: 'auto',
          whiteSpace: 'pre',
        }}
      />
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Button
          size="small"
          disabled={disabled}
          onClick={() => file.current?.click()}
        >
          Load from file
        </Button>
        <input
          ref={file}
          type="file"
          hidden
          aria-label={`File for ${label}`}
          onChange={e => void load(e)}
        />
        <FormHelperText component="span">
          {formatBytes(new Blob([value]).size)}
        </FormHelperText>
      </Box>
    </Box>
  );
}

/** A file's text (FileReader: also where `Blob.text()` is missing). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}
