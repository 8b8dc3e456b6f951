import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { ChangeEvent, useRef } from 'react';
import { Field } from '../shared';

/** Files a certificate or key usually comes in; read in the browser, never uploaded as files. */
const PEM_FILES = '.pem,.crt,.cer,.key,.txt';

/**
 * A PEM text field that stays a few lines high (long chains scroll inside it, so what comes
 * after it stays on screen) and can be filled from a file with a picker.
 */
export function PemField(props: {
  label: string;
  /** The file picker's name, e.g. "Choose a certificate file". */
  fileLabel: string;
  value: string;
  placeholder: string;
  onChange(value: string): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const read = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) props.onChange(await readText(file));
    event.target.value = ''; // the same file again is a change too
  };
  return (
    <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
      <Field
        label={props.label}
        value={props.value}
        onChange={e => props.onChange(e.target.value)}
        fullWidth
        multiline
        minRows={3}
        maxRows={6}
        margin="dense"
        required
        placeholder={props.placeholder}
        inputProps={{ style: { fontFamily: 'monospace', fontSize: 12 } }}
      />
      <Box mt={2} flexShrink={0}>
        <Button
          variant="outlined"
          aria-label={props.fileLabel}
          onClick={() => input.current?.click()}
        >
          From file…
        </Button>
        <input
          ref={input}
          type="file"
          accept={PEM_FILES}
          hidden
          aria-label={props.fileLabel}
          onChange={read}
        />
      </Box>
    </Box>
  );
}

/** A file's text through FileReader, which every browser (and jsdom) has. */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}
