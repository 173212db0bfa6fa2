/**
 * `q` or Ctrl-C asks the run to stop. Keys are read only when stdin can go into raw mode (a real
 * terminal); otherwise Ctrl-C arrives as SIGINT and the CLI handles it.
 */
import { useInput, useStdin } from 'ink';

export function useQuitKeys(onQuit: () => void, active: boolean): void {
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      if (input === 'q' || input === 'Q' || (key.ctrl && input === 'c')) onQuit();
    },
    { isActive: active && isRawModeSupported },
  );
}
